/**
 * The identification pipeline: decode once -> detect vehicles -> crop the
 * subject (with a margin) -> classify make/model (+ coarse body type).
 */
import { AppError, throwIfAborted } from '../errors.js';
import { guessBodyType, labelMass } from './bodytype.js';
import type { ImageClassifier } from './classifier.js';
import type { InferenceConfig } from './config.js';
import { decodeImage, probeImage, type ImageHeader } from './decode.js';
import type { AdmissionGate } from './admission.js';
import type { VehicleDetector } from './detector.js';
import { expandBox, fullRect, roundBox } from './geometry.js';
import { pickSubject, topK } from './postprocess.js';
import type { Box, Candidate, IdentifyOptions, IdentifyResult, PixelRect, RawImage } from './types.js';

export interface PipelineParts {
  detector: VehicleDetector;
  classifier: ImageClassifier;
  /** ImageNet classifier for body type and the whole-image fallback (may be the same session as `classifier`). */
  bodyType: ImageClassifier | null;
}

export type BatchItemResult = { ok: true; result: IdentifyResult } | { ok: false; error: AppError };

interface Subject {
  box: Box;
  region: PixelRect;
  score: number;
  detectorClass: string | null;
  source: 'detector' | 'whole-image';
  /** Body-type probabilities already computed for this region (fallback path). */
  bodyProbs: Float64Array | null;
}

const now = (): number => performance.now();
const ms = (a: number, b: number): number => Math.round((b - a) * 100) / 100;

export class IdentifyPipeline {
  private readonly vehicleLabels: ReadonlySet<string>;

  constructor(
    private readonly parts: PipelineParts,
    private readonly config: InferenceConfig,
    private readonly gate: AdmissionGate,
  ) {
    const spec = parts.bodyType?.session.entry.manifest.bodyTypes;
    this.vehicleLabels = new Set(spec?.vehicleLabels ?? []);
  }

  async identify(image: Uint8Array, opts: IdentifyOptions = {}): Promise<IdentifyResult> {
    const k = this.topKOf(opts);
    const { signal } = opts;
    const t0 = now();
    // The header says what the decode will cost: reserve it from the shared budget before decoding.
    const header = await probeImage(image, this.config.decode);
    const release = await this.gate.acquire(header.pixels, signal);
    try {
      throwIfAborted(signal);
      return await this.run(image, header, k, signal, t0);
    } finally {
      release();
    }
  }

  private async run(image: Uint8Array, header: ImageHeader, k: number, signal: AbortSignal | undefined, t0: number): Promise<IdentifyResult> {
    const decoded = await decodeImage(image, this.config.decode, header);
    throwIfAborted(signal);
    const t1 = now();
    const subject = await this.findSubject(decoded);
    throwIfAborted(signal);
    const t2 = now();
    const { classifier, bodyType } = this.parts;
    const shared = bodyType !== null && bodyType.session === classifier.session;
    // The fallback already ran the body-type model on this region: reuse its output.
    const probs = shared && subject.bodyProbs ? subject.bodyProbs : await classifier.classify(decoded, subject.region);
    const t3 = now();

    const entry = classifier.session.entry;
    const candidates: Candidate[] = topK(probs, Math.min(k, entry.labels.length)).map(({ index, probability }) => ({
      label: entry.labels[index],
      confidence: probability,
      catalogLabel: entry.manifest.catalog[entry.labels[index]] ?? null,
    }));
    const bodySpec = bodyType?.session.entry.manifest.bodyTypes;
    // The ImageNet model runs only where it earns its cost (the whole-image fallback): its body type
    // was confident for about 2% of the detector-path photos, so it is not run for them.
    const bodySource = shared ? probs : subject.bodyProbs;
    const body = bodyType && bodySpec && bodySource ? guessBodyType(bodySource, bodyType.labels, bodySpec) : null;
    const confidence = candidates[0]?.confidence ?? 0;
    return {
      boundingBox: roundBox(subject.box),
      detectionScore: subject.score,
      detectorClass: subject.detectorClass,
      detectionSource: subject.source,
      candidates,
      confidence,
      uncertain: confidence < this.config.uncertainThreshold,
      bodyType: body?.bodyType ?? null,
      model: { id: entry.manifest.id, name: entry.manifest.name, version: entry.manifest.version },
      provider: classifier.session.provider,
      timings: { decodeMs: ms(t0, t1), detectMs: ms(t1, t2), classifyMs: ms(t2, t3), totalMs: ms(t0, t3) },
      imageWidth: decoded.width,
      imageHeight: decoded.height,
    };
  }

  /**
   * Identifies several images concurrently (their classifier runs can share
   * batches). A client-caused failure of one image (bad bytes, no vehicle)
   * is reported in its slot; anything else rejects the whole call.
   */
  async identifyBatch(images: readonly Uint8Array[], opts: IdentifyOptions = {}): Promise<BatchItemResult[]> {
    this.topKOf(opts); // validate once, before any work
    const results: BatchItemResult[] = new Array(images.length);
    // At most one classifier batch of images in flight: enough to fill it, and
    // bounded memory (each decoded image can be up to limitInputPixels x 3 bytes).
    const lanes = Math.max(1, Math.min(images.length, this.config.batching.maxBatchSize));
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let i = next++; i < images.length; i = next++) {
          try {
            results[i] = { ok: true, result: await this.identify(images[i], opts) };
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            results[i] = { ok: false, error };
          }
        }
      }),
    );
    return results;
  }

  private topKOf(opts: IdentifyOptions): number {
    const k = opts.topK ?? this.config.topK;
    if (!Number.isInteger(k) || k < 1 || k > 50) throw new AppError('BAD_USER_INPUT', 'topK must be an integer from 1 to 50.', { field: 'topK' });
    return k;
  }

  private async findSubject(image: RawImage): Promise<Subject> {
    const { detector, bodyType } = this.parts;
    const threshold = detector.scoreThreshold;
    const best = pickSubject(await detector.detect(image, threshold));
    if (best) {
      return {
        box: best.box,
        region: expandBox(best.box, this.config.detection.cropMargin, image.width, image.height),
        score: best.score,
        detectorClass: best.label,
        source: 'detector',
        bodyProbs: null,
      };
    }
    // No box: close-ups and interiors of cars. Accept the whole image only on
    // independent evidence that it shows a vehicle (ImageNet car classes), so
    // noise, documents and other objects are still rejected.
    const whole = fullRect(image.width, image.height);
    if (this.config.fallback.enabled && bodyType && this.vehicleLabels.size > 0) {
      const probs = await bodyType.classify(image, whole);
      const mass = labelMass(probs, bodyType.labels, this.vehicleLabels);
      if (mass >= this.config.fallback.minVehicleProbability) {
        return { box: whole, region: whole, score: mass, detectorClass: null, source: 'whole-image', bodyProbs: probs };
      }
    }
    throw new AppError('NO_VEHICLE_FOUND', 'No car, truck or bus was found in the photo. Send a photo that shows the vehicle.', {
      imageWidth: image.width,
      imageHeight: image.height,
      scoreThreshold: threshold,
    });
  }
}
