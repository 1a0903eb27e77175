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
import { fusePhotos } from './fusion.js';
import { assess, type NoveltyModel } from './novelty.js';
import { rankVehicles, topK } from './postprocess.js';
import type {
  Box,
  Candidate,
  IdentificationOutcome,
  IdentifyOptions,
  IdentifyResult,
  NoveltyScore,
  PixelRect,
  RawImage,
  SkipReason,
  VehicleResult,
} from './types.js';

export interface PipelineParts {
  detector: VehicleDetector;
  classifier: ImageClassifier;
  /** ImageNet classifier for body type and the whole-image fallback (may be the same session as `classifier`). */
  bodyType: ImageClassifier | null;
  /** Unknown-model statistics shipped with the classifier; null: the outcome comes from the probability alone. */
  novelty: NoveltyModel | null;
}

export type BatchItemResult = { ok: true; result: IdentifyResult } | { ok: false; error: AppError };

/** Several photos of one car fused into one answer. */
export interface PhotoSetResult {
  candidates: Candidate[];
  confidence: number;
  outcome: IdentificationOutcome;
  novelty: NoveltyScore | null;
  /** In the order sent: each photo's own result (or error), its weight in the vote and whether it seems to show another car. */
  photos: { item: BatchItemResult; weight: number; differentCar: boolean }[];
  model: IdentifyResult['model'];
}

/** A vehicle found in a photo, in image pixels. */
export interface Subject {
  box: Box;
  region: PixelRect;
  score: number;
  detectorClass: string | null;
  source: 'detector' | 'whole-image';
  /** Body-type probabilities already computed for this region (fallback path). */
  bodyProbs: Float64Array | null;
}

/** A classified region: its candidates, outcome and what photo fusion needs. */
export interface Analysis {
  candidates: Candidate[];
  confidence: number;
  outcome: IdentificationOutcome;
  novelty: NoveltyScore | null;
  probabilities: Float64Array;
  features: Float32Array;
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
    const subjects = await this.locate(decoded);
    throwIfAborted(signal);
    const t2 = now();
    const subject = subjects[0];
    const { classifier, bodyType } = this.parts;
    const shared = bodyType !== null && bodyType.session === classifier.session;
    const { maxListed, maxClassified, minSide } = this.config.vehicles;
    const listed = subjects.slice(0, maxListed);
    // The main vehicle is always classified (as before); the others when big enough and within the limit.
    const skipOf = (s: Subject, i: number): SkipReason | null =>
      i === 0 ? null : Math.min(s.box.width, s.box.height) < minSide ? 'TOO_SMALL' : i >= maxClassified ? 'OVER_LIMIT' : null;
    const analyses = await Promise.all(listed.map((s, i) => (skipOf(s, i) ? null : this.analyse(decoded, s, k))));
    const t3 = now();
    const main = analyses[0]!;

    const entry = classifier.session.entry;
    const bodySpec = bodyType?.session.entry.manifest.bodyTypes;
    // The ImageNet model runs only where it earns its cost (the whole-image fallback): its body type
    // was confident for about 2% of the detector-path photos, so it is not run for them.
    const bodySource = shared ? (subject.bodyProbs ?? main.probabilities) : subject.bodyProbs;
    const body = bodyType && bodySpec && bodySource ? guessBodyType(bodySource, bodyType.labels, bodySpec) : null;
    const vehicles: VehicleResult[] = listed.map((s, i) => ({
      boundingBox: roundBox(s.box),
      detectionScore: s.score,
      detectorClass: s.detectorClass,
      main: i === 0,
      skipped: skipOf(s, i),
      candidates: analyses[i]?.candidates ?? [],
      confidence: analyses[i]?.confidence ?? null,
      outcome: analyses[i]?.outcome ?? null,
      novelty: analyses[i]?.novelty ?? null,
    }));
    return {
      boundingBox: roundBox(subject.box),
      detectionScore: subject.score,
      detectorClass: subject.detectorClass,
      detectionSource: subject.source,
      candidates: main.candidates,
      confidence: main.confidence,
      outcome: main.outcome,
      uncertain: main.outcome !== 'IDENTIFIED',
      novelty: main.novelty,
      vehicles,
      features: main.features,
      probabilities: main.probabilities,
      bodyType: body?.bodyType ?? null,
      model: { id: entry.manifest.id, name: entry.manifest.name, version: entry.manifest.version },
      provider: classifier.session.provider,
      timings: { decodeMs: ms(t0, t1), detectMs: ms(t1, t2), classifyMs: ms(t2, t3), totalMs: ms(t0, t3) },
      imageWidth: decoded.width,
      imageHeight: decoded.height,
    };
  }

  /** Classifies one located vehicle: top-k candidates, outcome and features. */
  async analyse(image: RawImage, subject: Subject, k: number): Promise<Analysis> {
    const { classifier, novelty } = this.parts;
    const { probabilities, features } = await classifier.analyse(image, subject.region);
    const candidates = this.candidatesOf(probabilities, k);
    const confidence = candidates[0]?.confidence ?? 0;
    return { candidates, confidence, ...assess(novelty, confidence, features, this.config.uncertainThreshold), probabilities, features };
  }

  /** Top-k candidates of a probability vector, mapped to catalogue labels. */
  candidatesOf(probabilities: ArrayLike<number>, k: number): Candidate[] {
    const entry = this.parts.classifier.session.entry;
    return topK(probabilities, Math.min(k, entry.labels.length)).map(({ index, probability }) => ({
      label: entry.labels[index],
      confidence: probability,
      catalogLabel: entry.manifest.catalog[entry.labels[index]] ?? null,
    }));
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

  /**
   * Several photos of one car: each identified, then fused into one answer
   * (fusion.ts); a photo that seems to show a different car is flagged and
   * left out. Per-photo client errors stay in their slot; when every photo
   * fails, the first error is thrown.
   */
  async identifyPhotos(images: readonly Uint8Array[], opts: IdentifyOptions = {}): Promise<PhotoSetResult> {
    const k = this.topKOf(opts);
    const items = await this.identifyBatch(images, opts);
    const ok = items.flatMap((item, index) => (item.ok ? [{ index, result: item.result }] : []));
    if (ok.length === 0) throw (items[0] as { ok: false; error: AppError }).error;
    const { novelty } = this.parts;
    const fusion = fusePhotos(
      ok.map(({ result }) => ({ probabilities: result.probabilities, features: result.features, detectionScore: result.detectionScore })),
      novelty?.thresholds.differentCar ?? Infinity,
    );
    const candidates = this.candidatesOf(fusion.probabilities, k);
    const confidence = candidates[0]?.confidence ?? 0;
    const { outcome, novelty: score } = assess(novelty, confidence, fusion.features, this.config.uncertainThreshold);
    const photos = items.map((item) => ({ item, weight: 0, differentCar: false }));
    ok.forEach(({ index }, j) => Object.assign(photos[index], { weight: fusion.weights[j], differentCar: fusion.differentCar[j] }));
    return { candidates, confidence, outcome, novelty: score, photos, model: ok[0].result.model };
  }

  private topKOf(opts: IdentifyOptions): number {
    const k = opts.topK ?? this.config.topK;
    if (!Number.isInteger(k) || k < 1 || k > 50) throw new AppError('BAD_USER_INPUT', 'topK must be an integer from 1 to 50.', { field: 'topK' });
    return k;
  }

  /**
   * The vehicles in a decoded photo, main subject first (largest, most
   * central, most certain); the whole image when the detector finds none but
   * the ImageNet model sees a car; NO_VEHICLE_FOUND otherwise.
   */
  async locate(image: RawImage): Promise<Subject[]> {
    const { detector, bodyType } = this.parts;
    const threshold = detector.scoreThreshold;
    const found = rankVehicles(await detector.detect(image, threshold), image.width, image.height);
    if (found.length > 0) {
      return found.map((d) => ({
        box: d.box,
        region: expandBox(d.box, this.config.detection.cropMargin, image.width, image.height),
        score: d.score,
        detectorClass: d.label,
        source: 'detector' as const,
        bodyProbs: null,
      }));
    }
    // No box: close-ups and interiors of cars. Accept the whole image only on
    // independent evidence that it shows a vehicle (ImageNet car classes), so
    // noise, documents and other objects are still rejected.
    const whole = fullRect(image.width, image.height);
    if (this.config.fallback.enabled && bodyType && this.vehicleLabels.size > 0) {
      const probs = await bodyType.classify(image, whole);
      const mass = labelMass(probs, bodyType.labels, this.vehicleLabels);
      if (mass >= this.config.fallback.minVehicleProbability) {
        return [{ box: whole, region: whole, score: mass, detectorClass: null, source: 'whole-image', bodyProbs: probs }];
      }
    }
    throw new AppError('NO_VEHICLE_FOUND', 'No car, truck or bus was found in the photo. Send a photo that shows the vehicle.', {
      imageWidth: image.width,
      imageHeight: image.height,
      scoreThreshold: threshold,
    });
  }
}
