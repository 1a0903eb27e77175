/**
 * Admission control for identifications, across all requests: at most
 * `maxConcurrent` images are decoded and run at once, their declared pixels
 * together stay under `maxPixelsInFlight` (decoded RGB costs 3 bytes a
 * pixel), and at most `maxQueued` wait. Beyond that a request is refused at
 * once with SERVICE_UNAVAILABLE (Retry-After) instead of queueing without
 * limit; a waiter whose request is cancelled leaves the queue.
 */
import { overloaded, timedOut } from '../errors.js';

export interface AdmissionLimits {
  maxConcurrent: number;
  maxQueued: number;
  maxPixelsInFlight: number;
}

export interface AdmissionStats {
  running: number;
  queued: number;
  pixelsInFlight: number;
}

interface Waiter {
  pixels: number;
  grant: () => void;
  reject: (error: Error) => void;
}

export type Release = () => void;

export class AdmissionGate {
  private running = 0;
  private pixelsInFlight = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly limits: AdmissionLimits) {
    if (!(limits.maxConcurrent >= 1 && limits.maxQueued >= 0 && limits.maxPixelsInFlight >= 1)) {
      throw new Error(`invalid admission limits ${JSON.stringify(limits)}`);
    }
  }

  get stats(): AdmissionStats {
    return { running: this.running, queued: this.queue.length, pixelsInFlight: this.pixelsInFlight };
  }

  /**
   * Waits for a slot and `pixels` of the budget (FIFO). Rejects at once when
   * the queue is full, and with TIMEOUT when `signal` aborts while waiting.
   * The returned function gives both back; calling it twice is harmless.
   */
  acquire(pixels: number, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(timedOut());
    // An image above the whole budget would wait forever: it is charged the whole budget instead.
    const cost = Math.min(Math.max(1, pixels), this.limits.maxPixelsInFlight);
    if (this.queue.length === 0 && this.fits(cost)) return Promise.resolve(this.take(cost));
    if (this.queue.length >= this.limits.maxQueued) {
      return Promise.reject(overloaded('The identification service is at capacity'));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(timedOut());
        this.pump(); // the head may have been the one blocking the rest
      };
      const waiter: Waiter = {
        pixels: cost,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.take(cost));
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Refuses everything still waiting (shutdown). */
  drain(): void {
    for (const waiter of this.queue.splice(0)) waiter.reject(overloaded('The identification service is shutting down'));
  }

  private fits(pixels: number): boolean {
    return this.running < this.limits.maxConcurrent && this.pixelsInFlight + pixels <= this.limits.maxPixelsInFlight;
  }

  private take(pixels: number): Release {
    this.running++;
    this.pixelsInFlight += pixels;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.pixelsInFlight -= pixels;
      this.pump();
    };
  }

  private pump(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0].pixels)) this.queue.shift()!.grant();
  }
}
