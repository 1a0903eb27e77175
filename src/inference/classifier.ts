/**
 * Image classification of a region of the decoded image: preprocess per the
 * manifest, optional flip test-time augmentation (logits averaged), softmax
 * with the manifest's temperature (calibrated probabilities).
 */
import { MicroBatcher, type BatchingOptions } from './batcher.js';
import { meanLogits, softmax } from './postprocess.js';
import { prepareInput } from './preprocess.js';
import type { ModelSession } from './session.js';
import { flipCHW } from './tensor.js';
import type { PixelRect, RawImage } from './types.js';

/** What one classifier run gives for a region: logits and, when the model exports them, its pooled features. */
export interface ClassifierOutput {
  logits: Float32Array;
  /** Empty when the manifest has no `output.features`. */
  features: Float32Array;
}

export class ImageClassifier {
  private readonly batcher: MicroBatcher<Float32Array, ClassifierOutput>;

  constructor(
    readonly session: ModelSession,
    batching: BatchingOptions,
  ) {
    this.batcher = new MicroBatcher((items) => this.runBatch(items), batching, session.maxBatch);
  }

  get labels(): readonly string[] {
    return this.session.entry.labels;
  }

  /** True when concurrent calls are merged into one run. */
  get batching(): boolean {
    return this.batcher.batching;
  }

  /** Model input for `region` of the image (one 3 x H x W block). */
  async tensorFor(image: RawImage, region: PixelRect): Promise<Float32Array> {
    return (await prepareInput(image, region, this.session.entry.manifest.input)).tensor;
  }

  /** Logits for one prepared input; with testTimeFlip the input and its mirror share a run. */
  async logits(tensor: Float32Array): Promise<Float32Array> {
    return (await this.run(tensor)).logits;
  }

  /** Logits and features for one prepared input; with testTimeFlip both are averaged over the input and its mirror. */
  async run(tensor: Float32Array): Promise<ClassifierOutput> {
    const { input, testTimeFlip } = this.session.entry.manifest;
    if (!testTimeFlip) return this.batcher.submit(tensor);
    const flipped = flipCHW(tensor, 3, input.height, input.width);
    const both = await this.batcher.submitGroup([tensor, flipped]);
    const features = both[0].features.length > 0 ? meanLogits(both.map((o) => o.features)) : both[0].features;
    return { logits: meanLogits(both.map((o) => o.logits)), features };
  }

  /** Class probabilities for `region` of the image. */
  async classify(image: RawImage, region: PixelRect): Promise<Float64Array> {
    return this.probabilities(await this.logits(await this.tensorFor(image, region)));
  }

  /** Probabilities and features for `region` of the image (features empty when the model has none). */
  async analyse(image: RawImage, region: PixelRect): Promise<{ probabilities: Float64Array; features: Float32Array }> {
    const out = await this.run(await this.tensorFor(image, region));
    return { probabilities: this.probabilities(out.logits), features: out.features };
  }

  probabilities(logits: Float32Array): Float64Array {
    const { output, temperature } = this.session.entry.manifest;
    return output.kind === 'probabilities' ? Float64Array.from(logits) : softmax(logits, temperature);
  }

  close(): Promise<void> {
    return this.batcher.close();
  }

  private async runBatch(items: Float32Array[]): Promise<ClassifierOutput[]> {
    let batch = items[0];
    if (items.length > 1) {
      const size = this.session.inputSize;
      batch = new Float32Array(items.length * size);
      items.forEach((t, i) => batch.set(t, i * size));
    }
    const { outputs, features } = await this.session.runWithFeatures(batch, items.length);
    return outputs.map((logits, i) => ({ logits, features: features[i] }));
  }
}
