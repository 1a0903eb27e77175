/**
 * Admission control (issue #11, item 1): a bounded number of identifications
 * at once, a shared budget of decoded pixels across requests, a bounded queue
 * that refuses the excess at once, and queued work dropped when its request
 * is cancelled.
 */
import { describe, expect, it } from 'vitest';
import { AdmissionGate } from '../../src/inference/admission.js';
import { AppError } from '../../src/errors.js';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return (error as AppError).code;
  }
};
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  // Let every microtask already queued run: a promise that can settle now has settled.
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
};

describe('AdmissionGate', () => {
  it('runs at most maxConcurrent at once and grants the queue in order', async () => {
    const gate = new AdmissionGate({ maxConcurrent: 2, maxQueued: 2, maxPixelsInFlight: 1_000 });
    const first = await gate.acquire(10);
    await gate.acquire(10);
    const third = gate.acquire(10);
    const fourth = gate.acquire(10);
    expect(gate.stats).toEqual({ running: 2, queued: 2, pixelsInFlight: 20 });
    expect(await settled(third)).toBe(false);
    first();
    first(); // a second release is harmless
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe(false);
    expect(gate.stats).toEqual({ running: 2, queued: 1, pixelsInFlight: 20 });
  });

  it('refuses at once with SERVICE_UNAVAILABLE and a retry delay when the queue is full', async () => {
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 1, maxPixelsInFlight: 1_000 });
    await gate.acquire(1);
    void gate.acquire(1);
    const refused = gate.acquire(1);
    expect(await codeOf(refused)).toBe('SERVICE_UNAVAILABLE');
    await refused.catch((error: AppError) => expect(error.details.retryAfterSeconds).toBeGreaterThan(0));
  });

  it('bounds the decoded pixels in flight across callers, not only per image', async () => {
    const gate = new AdmissionGate({ maxConcurrent: 64, maxQueued: 64, maxPixelsInFlight: 100 });
    const big = await gate.acquire(60);
    const second = gate.acquire(60); // would make 120 > 100
    const small = gate.acquire(10); // FIFO: waits behind the big one, no overtaking
    expect(await settled(second)).toBe(false);
    expect(await settled(small)).toBe(false);
    big();
    expect(await settled(second)).toBe(true);
    expect(await settled(small)).toBe(true);
    expect(gate.stats.pixelsInFlight).toBe(70);
  });

  it('charges an image larger than the whole budget the whole budget instead of queueing it forever', async () => {
    const gate = new AdmissionGate({ maxConcurrent: 4, maxQueued: 4, maxPixelsInFlight: 100 });
    const release = await gate.acquire(49_000_000);
    expect(gate.stats.pixelsInFlight).toBe(100);
    release();
    expect(gate.stats.pixelsInFlight).toBe(0);
  });

  it('drops a queued request whose signal aborts (deadline), and lets the next one in', async () => {
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 4, maxPixelsInFlight: 1_000 });
    const running = await gate.acquire(1);
    const deadline = new AbortController();
    const cancelled = gate.acquire(1, deadline.signal);
    const next = gate.acquire(1);
    deadline.abort();
    expect(await codeOf(cancelled)).toBe('TIMEOUT');
    expect(gate.stats.queued).toBe(1);
    running();
    expect(await settled(next)).toBe(true);
    expect(await codeOf(gate.acquire(1, AbortSignal.abort()))).toBe('TIMEOUT');
  });

  it('refuses everything still queued when drained for shutdown', async () => {
    const gate = new AdmissionGate({ maxConcurrent: 1, maxQueued: 4, maxPixelsInFlight: 1_000 });
    await gate.acquire(1);
    const queued = gate.acquire(1);
    gate.drain();
    expect(await codeOf(queued)).toBe('SERVICE_UNAVAILABLE');
    expect(gate.stats.queued).toBe(0);
  });
});
