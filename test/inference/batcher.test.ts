import { describe, expect, it } from 'vitest';
import { MicroBatcher } from '../../src/inference/batcher.js';

/** A fake model: doubles numbers and records the batch sizes it was called with. */
function fake(delayMs = 0) {
  const calls: number[][] = [];
  const run = async (items: number[]): Promise<number[]> => {
    calls.push([...items]);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (items.includes(-1)) throw new Error('boom');
    return items.map((x) => x * 2);
  };
  return { calls, run };
}

describe('MicroBatcher', () => {
  it('groups calls made together into one run (maxWaitMs 0 = same event-loop turn)', async () => {
    const f = fake();
    const b = new MicroBatcher(f.run, { enabled: true, maxBatchSize: 8, maxWaitMs: 0 });
    const out = await Promise.all([1, 2, 3].map((x) => b.submit(x)));
    expect(out).toEqual([2, 4, 6]);
    expect(f.calls).toEqual([[1, 2, 3]]);
  });

  it('caps batches at maxBatchSize and the model limit', async () => {
    const f = fake();
    const b = new MicroBatcher(f.run, { enabled: true, maxBatchSize: 8, maxWaitMs: 0 }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x)))).toEqual([2, 4, 6, 8, 10]);
    expect(f.calls.map((c) => c.length)).toEqual([2, 2, 1]);
  });

  it('waits up to maxWaitMs for more work', async () => {
    const f = fake();
    const b = new MicroBatcher(f.run, { enabled: true, maxBatchSize: 8, maxWaitMs: 20 });
    const first = b.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    const second = b.submit(2);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(f.calls).toEqual([[1, 2]]);
  });

  it('keeps a group in one run when it fits', async () => {
    const f = fake();
    const b = new MicroBatcher(f.run, { enabled: true, maxBatchSize: 4, maxWaitMs: 0 });
    const singles = [1, 2, 3].map((x) => b.submit(x));
    const pair = b.submitGroup([10, 11]);
    await Promise.all([...singles, pair]);
    expect(f.calls).toEqual([
      [1, 2, 3],
      [10, 11],
    ]);
  });

  it('runs each call alone when disabled, but a group still as one batch', async () => {
    const f = fake();
    const b = new MicroBatcher(f.run, { enabled: false, maxBatchSize: 8, maxWaitMs: 0 });
    await Promise.all([b.submit(1), b.submit(2), b.submitGroup([3, 4])]);
    expect(f.calls).toEqual([[1], [2], [3, 4]]);
    expect(b.batching).toBe(false);
  });

  it('rejects every item of a failed batch, and only those', async () => {
    const f = fake();
    const b = new MicroBatcher(f.run, { enabled: true, maxBatchSize: 2, maxWaitMs: 0 });
    const results = await Promise.allSettled([b.submit(1), b.submit(-1), b.submit(3)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('finishes queued work on close and refuses new work', async () => {
    const f = fake(5);
    const b = new MicroBatcher(f.run, { enabled: true, maxBatchSize: 8, maxWaitMs: 1000 });
    const pending = b.submit(4);
    await b.close();
    expect(await pending).toBe(8);
    await expect(b.submit(1)).rejects.toThrow(/closed/);
  });
});
