/**
 * Micro-batching: requests that arrive close together share one session
 * run. A batch closes when it reaches `maxBatchSize` or `maxWaitMs` after
 * its first item (0 = the end of the current event-loop turn, which still
 * groups requests that arrive together without adding latency).
 *
 * Whether it pays depends on the device: on a GPU one batched run costs
 * about as much as a single one; on a 1-thread CPU the cost is per image,
 * so batching is about neutral there (see DEFAULT_BATCHING in config.ts).
 */

export interface BatchingOptions {
  /** false: every call runs on its own (a group still runs as one batch). */
  enabled: boolean;
  maxBatchSize: number;
  maxWaitMs: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: { kind: 'timeout'; handle: NodeJS.Timeout } | { kind: 'immediate'; handle: NodeJS.Immediate } | null = null;
  private closed = false;
  private readonly maxBatchSize: number;

  /**
   * @param runBatch runs items as one batch, returning one output per item in order
   * @param modelLimit the model's own batch limit (1 for a fixed batch axis)
   */
  constructor(
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly options: BatchingOptions,
    modelLimit = Infinity,
  ) {
    this.maxBatchSize = Math.max(1, Math.min(options.maxBatchSize, modelLimit));
  }

  /** True when calls can actually be merged (enabled and the model takes more than one). */
  get batching(): boolean {
    return this.options.enabled && this.maxBatchSize > 1;
  }

  submit(item: I): Promise<O> {
    return this.submitGroup([item]).then((o) => o[0]);
  }

  /** Items that belong together (e.g. an image and its mirror) go in the same run when they fit. */
  submitGroup(items: I[]): Promise<O[]> {
    if (this.closed) return Promise.reject(new Error('batcher is closed'));
    if (!this.batching) return this.runChunks(items);
    // Keep a group in one batch: send off what is queued if the group wouldn't fit beside it.
    if (this.queue.length > 0 && this.queue.length + items.length > this.maxBatchSize) void this.flush(true);
    const done = items.map(
      (item) =>
        new Promise<O>((resolve, reject) => {
          this.queue.push({ item, resolve, reject });
        }),
    );
    if (this.queue.length >= this.maxBatchSize) void this.flush(false);
    else this.schedule();
    return Promise.all(done);
  }

  /** Rejects nothing: queued work still runs; new submissions are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush(true);
  }

  private async runChunks(items: I[]): Promise<O[]> {
    const out: O[] = [];
    for (let i = 0; i < items.length; i += this.maxBatchSize) {
      const chunk = items.slice(i, i + this.maxBatchSize);
      out.push(...(await this.checked(chunk)));
    }
    return out;
  }

  private async checked(items: I[]): Promise<O[]> {
    const out = await this.runBatch(items);
    if (out.length !== items.length) throw new Error(`batch returned ${out.length} results for ${items.length} inputs`);
    return out;
  }

  private schedule(): void {
    if (this.timer) return;
    const fire = (): void => {
      this.timer = null;
      void this.flush(true);
    };
    this.timer =
      this.options.maxWaitMs > 0
        ? { kind: 'timeout', handle: setTimeout(fire, this.options.maxWaitMs) }
        : { kind: 'immediate', handle: setImmediate(fire) };
  }

  private clearTimer(): void {
    if (!this.timer) return;
    if (this.timer.kind === 'timeout') clearTimeout(this.timer.handle);
    else clearImmediate(this.timer.handle);
    this.timer = null;
  }

  /** Runs full batches; a partial one too when `partial` (its wait is over), else it keeps waiting. */
  private flush(partial: boolean): Promise<void> {
    if (partial) this.clearTimer();
    const runs: Promise<void>[] = [];
    while (this.queue.length >= this.maxBatchSize) runs.push(this.runPending(this.queue.splice(0, this.maxBatchSize)));
    if (this.queue.length > 0 && partial) runs.push(this.runPending(this.queue.splice(0)));
    if (this.queue.length === 0) this.clearTimer();
    else this.schedule(); // leftovers keep the timer already running for them
    return Promise.all(runs).then(() => undefined);
  }

  private async runPending(batch: Pending<I, O>[]): Promise<void> {
    try {
      const out = await this.checked(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i]));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
