/**
 * Vehicle detection: letterbox the decoded image, run YOLOX, decode, NMS,
 * and map boxes back to image pixels.
 */
import { MicroBatcher, type BatchingOptions } from './batcher.js';
import { boxToImage, fullRect } from './geometry.js';
import { decodeYolox, nms } from './postprocess.js';
import { prepareInput } from './preprocess.js';
import type { ModelSession } from './session.js';
import type { Box, RawImage } from './types.js';

export interface VehicleDetection {
  /** In pixels of the decoded (oriented) image. */
  box: Box;
  score: number;
  label: string;
}

export class VehicleDetector {
  private readonly batcher: MicroBatcher<Float32Array, Float32Array>;
  private readonly classIndices: number[];

  constructor(
    readonly session: ModelSession,
    /** Vehicle score threshold (objectness x class). */
    readonly scoreThreshold: number,
    batching: BatchingOptions,
  ) {
    const spec = session.entry.manifest.detector;
    if (!spec) throw new Error(`${session.entry.id} is not a detector (no "detector" section in its manifest)`);
    this.classIndices = spec.vehicleClasses.map((c) => session.entry.labels.indexOf(c));
    // The batch axis decides: YOLOX-Nano's export is fixed at 1, so this batcher only ever runs singles.
    this.batcher = new MicroBatcher((items) => this.runBatch(items), batching, session.maxBatch);
  }

  /** Vehicles in the image, best first; `threshold` overrides the configured one (calibration). */
  async detect(image: RawImage, threshold = this.scoreThreshold): Promise<VehicleDetection[]> {
    const { manifest, labels } = this.session.entry;
    const { tensor, transform } = await prepareInput(image, fullRect(image.width, image.height), manifest.input);
    const output = await this.batcher.submit(tensor);
    const spec = manifest.detector!;
    const raw = decodeYolox(output, {
      inputWidth: manifest.input.width,
      inputHeight: manifest.input.height,
      strides: spec.strides,
      numClasses: labels.length,
      classIndices: this.classIndices,
      scoreThreshold: threshold,
    });
    return nms(raw, spec.nmsIouThreshold)
      .map((d) => ({ box: boxToImage(d.box, transform, image.width, image.height), score: d.score, label: labels[d.classIndex] }))
      .filter((d) => d.box.width >= 1 && d.box.height >= 1);
  }

  close(): Promise<void> {
    return this.batcher.close();
  }

  private async runBatch(items: Float32Array[]): Promise<Float32Array[]> {
    const size = this.session.inputSize;
    const batch = items.length === 1 ? items[0] : new Float32Array(items.length * size);
    if (items.length > 1) items.forEach((t, i) => batch.set(t, i * size));
    return this.session.run(batch, items.length);
  }
}
