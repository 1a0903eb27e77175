/**
 * Retention of stored identifications: rows older than `maxAgeMs` and rows
 * beyond the `maxRows` newest are deleted by a sweep that runs in the
 * background (an unref'd timer, so it never keeps the process alive).
 */
import type { IdentificationRepository } from '../../db/repositories/identifications.js';

export interface RetentionPolicy {
  /** 0 = no age limit. */
  maxAgeMs: number;
  /** 0 = no row limit. */
  maxRows: number;
  intervalMs: number;
}

export interface SweepOutcome {
  expired: number;
  overflow: number;
}

export class IdentificationRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: IdentificationRepository,
    private readonly policy: RetentionPolicy,
    private readonly now: () => Date = () => new Date(),
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** One pass: the age limit first, then the row limit. */
  async sweep(): Promise<SweepOutcome> {
    const { maxAgeMs, maxRows } = this.policy;
    const expired = maxAgeMs > 0 ? await this.repository.deleteCreatedBefore(new Date(this.now().getTime() - maxAgeMs).toISOString()) : 0;
    const overflow = maxRows > 0 ? await this.repository.keepNewest(maxRows) : 0;
    return { expired, overflow };
  }

  /** Sweeps now and then every `intervalMs`; a failed sweep is reported and retried at the next tick. */
  start(): void {
    if (this.timer || (this.policy.maxAgeMs <= 0 && this.policy.maxRows <= 0)) return;
    const tick = () => {
      this.sweep().catch(this.onError);
    };
    tick();
    this.timer = setInterval(tick, this.policy.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
