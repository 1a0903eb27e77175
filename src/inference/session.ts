/**
 * A model loaded for inference: a runtime session checked against its
 * manifest (input name and size, batch axis, output size vs labels) and
 * warmed up once, so the first request doesn't pay for lazy allocations.
 */
import { ManifestError } from './manifest.js';
import type { ModelEntry } from './registry.js';
import { createRuntimeSession, type RuntimeOptions, type RuntimeSession } from './runtime.js';
import type { ExecutionProvider, Logger } from './types.js';

export class ModelSession {
  private constructor(
    readonly entry: ModelEntry,
    private readonly runtime: RuntimeSession,
    /** Largest batch one run accepts: Infinity for a dynamic batch axis. */
    readonly maxBatch: number,
    /** Output floats per image (e.g. 1000 logits, 3549 x 85 YOLOX rows). */
    readonly outputSize: number,
    /** Output dims of one image, batch axis excluded. */
    readonly outputDims: readonly number[],
    /** Told the size of every session run (batch-size metrics). */
    private readonly onRun: RuntimeOptions['onRun'],
    /** Floats per image of the manifest's `output.features`; 0 when the model has none. */
    readonly featureSize: number = 0,
  ) {}

  get provider(): ExecutionProvider {
    return this.runtime.provider;
  }

  get inputSize(): number {
    const { width, height } = this.entry.manifest.input;
    return 3 * width * height;
  }

  static async open(entry: ModelEntry, options: RuntimeOptions, logger: Logger): Promise<ModelSession> {
    const { manifest, manifestPath } = entry;
    const runtime = await createRuntimeSession(entry.modelPath, options, logger);
    try {
      const { input, output } = manifest;
      if (!runtime.inputNames.includes(input.name)) {
        throw new ManifestError(manifestPath, 'input.name', `is "${input.name}" but the model's inputs are [${runtime.inputNames.join(', ')}]`);
      }
      if (!runtime.outputNames.includes(output.name)) {
        throw new ManifestError(manifestPath, 'output.name', `is "${output.name}" but the model's outputs are [${runtime.outputNames.join(', ')}]`);
      }
      if (output.features && !runtime.outputNames.includes(output.features)) {
        throw new ManifestError(manifestPath, 'output.features', `is "${output.features}" but the model's outputs are [${runtime.outputNames.join(', ')}]`);
      }
      const shape = runtime.inputShape(input.name);
      if (shape && shape.length === 4) {
        const [, c, h, w] = shape;
        const mismatch = (d: unknown, want: number): boolean => typeof d === 'number' && d !== want;
        if (mismatch(c, 3) || mismatch(h, input.height) || mismatch(w, input.width)) {
          throw new ManifestError(manifestPath, 'input', `says 3x${input.height}x${input.width} but the model expects [${shape.join(', ')}]`);
        }
      }
      // A numeric batch dim is fixed whatever the manifest says (YOLOX-Nano's export is [1, 3, 416, 416]).
      const batchDim = shape?.[0];
      let maxBatch = typeof batchDim === 'number' ? batchDim : input.dynamicBatch ? Infinity : 1;
      if (input.dynamicBatch && typeof batchDim === 'number') {
        logger.warn(`${manifest.id}: manifest says dynamicBatch but the model's batch axis is fixed at ${batchDim}`);
        maxBatch = batchDim;
      }

      // Warm-up on a neutral image; it also tells us the real output size.
      const [warm, warmFeatures] = await runtime.runOutputs(
        input.name,
        { data: new Float32Array(3 * input.width * input.height), dims: [1, 3, input.height, input.width] },
        output.features ? [output.name, output.features] : [output.name],
      );
      const outputDims = warm.dims.slice(1);
      const outputSize = outputDims.reduce((a, b) => a * b, 1);
      const last = outputDims[outputDims.length - 1] ?? 0;
      const expected = manifest.task === 'detector' ? entry.labels.length + 5 : entry.labels.length;
      if (manifest.task !== 'embedder' && last !== expected) {
        throw new ManifestError(
          manifestPath,
          'labels',
          `lists ${entry.labels.length} labels but the model's output has ${last} values per ${manifest.task === 'detector' ? 'box (expected labels + 5)' : 'image'}`,
        );
      }
      logger.info(`loaded model ${manifest.id} ${manifest.version} on ${runtime.provider}`, {
        model: manifest.id,
        provider: runtime.provider,
        maxBatch,
      });
      const featureSize = warmFeatures ? warmFeatures.data.length : 0;
      return new ModelSession(entry, runtime, maxBatch, outputSize, outputDims, options.onRun, featureSize);
    } catch (err) {
      await runtime.release().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Runs `count` images packed back to back in `batch` (NCHW) and returns
   * one output view per image. The caller keeps count <= maxBatch.
   */
  async run(batch: Float32Array, count: number): Promise<Float32Array[]> {
    return (await this.exec(batch, count, false)).outputs;
  }

  /** Like run, plus the manifest's `output.features` per image (empty arrays when the model has none). */
  runWithFeatures(batch: Float32Array, count: number): Promise<{ outputs: Float32Array[]; features: Float32Array[] }> {
    return this.exec(batch, count, this.featureSize > 0);
  }

  private async exec(batch: Float32Array, count: number, withFeatures: boolean): Promise<{ outputs: Float32Array[]; features: Float32Array[] }> {
    if (count < 1 || count > this.maxBatch) throw new Error(`${this.entry.id}: batch of ${count} exceeds the model's limit of ${this.maxBatch}`);
    const { input, output } = this.entry.manifest;
    if (batch.length !== count * this.inputSize) throw new Error(`${this.entry.id}: expected ${count * this.inputSize} input floats, got ${batch.length}`);
    const names = withFeatures && output.features ? [output.name, output.features] : [output.name];
    const [out, feats] = await this.runtime.runOutputs(input.name, { data: batch, dims: [count, 3, input.height, input.width] }, names);
    this.onRun?.(this.entry.id, count);
    if (out.data.length !== count * this.outputSize) throw new Error(`${this.entry.id}: unexpected output size ${out.data.length}`);
    const split = (data: Float32Array, size: number): Float32Array[] => Array.from({ length: count }, (_, i) => data.subarray(i * size, (i + 1) * size));
    return { outputs: split(out.data, this.outputSize), features: feats ? split(feats.data, this.featureSize) : Array.from({ length: count }, () => new Float32Array(0)) };
  }

  release(): Promise<void> {
    return this.runtime.release();
  }
}
