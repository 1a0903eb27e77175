/**
 * Identify a car in a photo: run the inference pipeline, map its labels to
 * catalog vehicles, store the result (never the image) and return it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError, badInput, notFound, throwIfAborted } from '../../errors.js';
import type { IdentificationRepository } from '../../db/repositories/identifications.js';
import type { ReplayRepository } from '../../db/repositories/replay.js';
import type { IdentificationRow } from '../../db/tables.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';
import type { IdentificationOutcome, IdentifyOptions, IdentifyResult, NoveltyScore, VehicleResult } from '../../inference/types.js';
import type { BatchItemResult, PhotoSetResult } from '../../inference/pipeline.js';
import type { ModelEntry } from '../../inference/registry.js';
import type { CatalogVehicle } from '../vehicles/types.js';
import type { Candidate, Identification, PhotoSetIdentification, SupportedModels } from './types.js';

/** The part of the inference service this needs (kept narrow so tests and main wire the real one). */
export interface Identifier {
  identify(image: Uint8Array, options: IdentifyOptions): Promise<IdentifyResult>;
  identifyBatch(images: readonly Uint8Array[], options: IdentifyOptions): Promise<BatchItemResult[]>;
  identifyPhotos(images: readonly Uint8Array[], options: IdentifyOptions): Promise<PhotoSetResult>;
  /** The classifier in use (supportedModels). */
  readonly classifierEntry: ModelEntry;
}

export interface IdentificationOptions {
  /** False: results are returned but not stored (identification(id) then answers NOT_FOUND). */
  store: boolean;
  /**
   * The same image identified again by the same classifier version within
   * `withinMs` (the retention window; 0 = as long as it is stored) gets the
   * stored identification back instead of a new run (idempotency by content hash).
   */
  reuse?: { repository: ReplayRepository; withinMs: number; now?: () => Date };
}

type StoredCandidate = { label: string; catalogLabel: string | null; confidence: number };

/** What is stored in `identifications.result` (rows written before outcomes existed lack the optional fields). */
export interface StoredResult {
  candidates: StoredCandidate[];
  confidence: number;
  uncertain: boolean;
  outcome?: IdentificationOutcome;
  novelty?: NoveltyScore | null;
  vehicles?: (Omit<VehicleResult, 'candidates'> & { candidates: StoredCandidate[] })[];
  boundingBox: IdentifyResult['boundingBox'] | null;
  detection: { source: string; score: number; detectorClass: string | null };
  bodyType: string | null;
  model: IdentifyResult['model'];
  provider: string;
  timings: IdentifyResult['timings'];
  image: { width: number; height: number; sha256: string };
  /** topK the caller asked for (null: the default); a stored result is reused only for the same one. */
  requestedTopK?: number | null;
}

export const MAX_TOP_K = 20;

export class IdentificationService {
  private readonly labelVehicles = new Map<string, Promise<CatalogVehicle | null>>();

  constructor(
    private readonly identifier: Identifier | null,
    private readonly repository: IdentificationRepository,
    private readonly vehicles: VehicleService,
    private readonly unavailableReason: string | null = null,
    /** Told the model and stage timings of each identification (metrics). */
    private readonly onResult: (result: IdentifyResult) => void = () => {},
    private readonly options: IdentificationOptions = { store: true },
  ) {}

  /** `signal` cancels the work still to do when the request reaches its deadline. */
  async identify(image: Buffer, topK?: number | null, signal?: AbortSignal): Promise<Identification> {
    const options = { topK: checkTopK(topK), signal };
    const reused = await this.reusable(image, options.topK ?? null);
    if (reused) return reused;
    const result = await this.requireIdentifier().identify(image, options);
    throwIfAborted(signal); // answered TIMEOUT already: nothing to store
    return this.store(image, result, options.topK);
  }

  /** One result per image, in order; a failed image rejects its own promise only. */
  async identifyMany(images: Buffer[], topK?: number | null, signal?: AbortSignal): Promise<Promise<Identification>[]> {
    const options = { topK: checkTopK(topK), signal };
    const results = await this.requireIdentifier().identifyBatch(images, options);
    throwIfAborted(signal);
    return results.map((item, i) => (item.ok ? this.store(images[i], item.result, options.topK) : Promise.reject(item.error)));
  }

  /** Several photos of one car: each stored on its own, and one fused answer. */
  async identifyPhotos(images: Buffer[], topK?: number | null, signal?: AbortSignal): Promise<PhotoSetIdentification> {
    const set = await this.requireIdentifier().identifyPhotos(images, { topK: checkTopK(topK), signal });
    throwIfAborted(signal);
    const candidates = await this.candidates(set.candidates);
    const photos = [];
    for (const [index, { item, weight, differentCar }] of set.photos.entries()) {
      photos.push({
        index,
        identification: item.ok ? await this.store(images[index], item.result, checkTopK(topK)) : null,
        errorCode: item.ok ? null : item.error.code,
        errorMessage: item.ok ? null : item.error.message,
        weight,
        differentCar,
      });
    }
    return {
      outcome: set.outcome,
      uncertain: set.outcome !== 'IDENTIFIED',
      candidates,
      vehicle: candidates[0]?.vehicle ?? null,
      confidence: set.confidence,
      novelty: set.novelty,
      model: set.model,
      photos,
    };
  }

  /** The car models the classifier recognises, with its model card. */
  async supportedModels(): Promise<SupportedModels> {
    const { manifest, labels, card, novelty } = this.requireIdentifier().classifierEntry;
    const perClass = new Map(card?.classes.map((c) => [c.label, c]) ?? []);
    const unknown = card?.summary.unknownModel as Record<string, number | boolean> | undefined;
    const vehicles = await Promise.all(labels.map((label) => this.vehicleFor(manifest.catalog[label] ?? null)));
    return {
      classifier: { id: manifest.id, name: manifest.name, version: manifest.version },
      models: labels.map((label, i) => {
        const c = perClass.get(label);
        return {
          label,
          vehicle: vehicles[i],
          trainingImages: c?.trainImages ?? 0,
          validationImages: c?.validationImages ?? 0,
          validationAccuracy: c?.validationTop1 ?? null,
          pipelineAccuracy: c?.pipelineTop1 ?? null,
        };
      }),
      unknownModelDetection:
        novelty && unknown
          ? {
              method: String(unknown.method),
              knownKept: Number(unknown.knownKept),
              unknownRefused: Number(unknown.unknownRefused),
              baselineUnknownRefused: Number(unknown.baselineUnknownRefused),
              unbiased: unknown.unbiased === true,
              identifiedPrecision: Number(unknown.identifiedPrecision),
            }
          : null,
    };
  }

  async get(id: string): Promise<Identification> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound(`No identification with id "${id.slice(0, 100)}"`);
    return this.toIdentification(row);
  }

  delete(id: string): Promise<boolean> {
    return this.repository.delete(id);
  }

  private requireIdentifier(): Identifier {
    if (!this.identifier) {
      throw new AppError('SERVICE_UNAVAILABLE', `Identification is unavailable: ${this.unavailableReason ?? 'inference is disabled'}`);
    }
    return this.identifier;
  }

  /** The stored identification of the same image, classifier version and topK within the reuse window, marked reused. */
  private async reusable(image: Buffer, topK: number | null): Promise<Identification | null> {
    const reuse = this.options.reuse;
    if (!reuse || !this.options.store || !this.identifier) return null;
    const { manifest } = this.identifier.classifierEntry;
    const now = reuse.now?.() ?? new Date();
    const since = reuse.withinMs > 0 ? new Date(now.getTime() - reuse.withinMs).toISOString() : '';
    const row = await reuse.repository.latestIdentificationOfImage(sha256(image), manifest.id, manifest.version, since);
    if (!row || ((row.result as StoredResult).requestedTopK ?? null) !== topK) return null;
    return { ...(await this.toIdentification(row)), reused: true };
  }

  private async store(image: Buffer, result: IdentifyResult, topK?: number): Promise<Identification> {
    this.onResult(result);
    const stored: StoredResult = {
      candidates: storedCandidates(result.candidates),
      confidence: result.confidence,
      uncertain: result.uncertain,
      outcome: result.outcome,
      novelty: result.novelty,
      vehicles: result.vehicles.map((v) => ({ ...v, candidates: storedCandidates(v.candidates) })),
      boundingBox: result.boundingBox,
      detection: { source: result.detectionSource, score: result.detectionScore, detectorClass: result.detectorClass },
      bodyType: result.bodyType,
      model: result.model,
      provider: result.provider,
      timings: result.timings,
      image: { width: result.imageWidth, height: result.imageHeight, sha256: sha256(image) },
      requestedTopK: topK ?? null,
    };
    const top = stored.candidates[0];
    const vehicle = await this.vehicleFor(top?.catalogLabel ?? null);
    const row: Omit<IdentificationRow, 'createdAt'> = {
      id: randomUUID(),
      imageSha256: stored.image.sha256,
      imageWidth: stored.image.width,
      imageHeight: stored.image.height,
      modelId: stored.model.id,
      modelVersion: stored.model.version,
      provider: stored.provider,
      topLabel: top?.label ?? '',
      confidence: stored.confidence,
      uncertain: stored.uncertain,
      vehicleModelId: vehicle?.id ?? null,
      result: stored,
    };
    return this.toIdentification(this.options.store ? await this.repository.insert(row) : { ...row, createdAt: new Date().toISOString() });
  }

  /** Classifier candidates with their catalog vehicles. */
  async candidates(stored: readonly StoredCandidate[]): Promise<Candidate[]> {
    const vehicles = await Promise.all(stored.map(({ catalogLabel }) => this.vehicleFor(catalogLabel)));
    return stored.map(({ label, confidence }, i) => {
      const vehicle = vehicles[i];
      return { label, confidence, vehicle, make: vehicle?.make ?? null, model: vehicle?.model ?? null };
    });
  }

  /** The catalog vehicle of a classifier label; cached, since labels are few and the catalog does not change under a running service. */
  private vehicleFor(label: string | null): Promise<CatalogVehicle | null> {
    if (label === null) return Promise.resolve(null);
    let vehicle = this.labelVehicles.get(label);
    if (!vehicle) {
      vehicle = this.vehicles.byLabel(label);
      this.labelVehicles.set(label, vehicle);
      vehicle.catch(() => this.labelVehicles.delete(label));
    }
    return vehicle;
  }

  private async toIdentification(row: IdentificationRow): Promise<Identification> {
    const stored = row.result as StoredResult;
    const candidates = await this.candidates(stored.candidates);
    const box = stored.boundingBox;
    const boundingBox = box ? roundedBox(box) : null;
    const outcome = stored.outcome ?? (stored.uncertain ? 'AMBIGUOUS' : 'IDENTIFIED');
    const detected = stored.vehicles && (await Promise.all(stored.vehicles.map(async (v) => ({ ...v, boundingBox: roundedBox(v.boundingBox), candidates: await this.candidates(v.candidates) }))));
    const vehicles = detected ?? [
      // Stored before several vehicles were listed: the main one only.
      {
        boundingBox: boundingBox ?? { x: 0, y: 0, width: stored.image.width, height: stored.image.height },
        detectionScore: stored.detection.score,
        detectorClass: stored.detection.detectorClass,
        main: true,
        skipped: null,
        candidates,
        confidence: stored.confidence,
        outcome,
      },
    ];
    return {
      id: row.id,
      createdAt: new Date(row.createdAt),
      candidates,
      vehicle: candidates[0]?.vehicle ?? null,
      confidence: stored.confidence,
      outcome,
      uncertain: outcome !== 'IDENTIFIED',
      novelty: stored.novelty ?? null,
      vehicles,
      boundingBox,
      bodyType: stored.bodyType,
      model: stored.model,
      provider: stored.provider,
      timings: stored.timings,
      image: stored.image,
      reused: false,
    };
  }
}

const sha256 = (image: Buffer): string => createHash('sha256').update(image).digest('hex');

const storedCandidates = (candidates: readonly StoredCandidate[]): StoredCandidate[] =>
  candidates.map(({ label, catalogLabel, confidence }) => ({ label, catalogLabel, confidence }));

const roundedBox = (b: { x: number; y: number; width: number; height: number }) => ({
  x: Math.round(b.x),
  y: Math.round(b.y),
  width: Math.round(b.width),
  height: Math.round(b.height),
});

function checkTopK(topK: number | null | undefined): number | undefined {
  if (topK == null) return undefined;
  if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) throw badInput(`"topK" must be between 1 and ${MAX_TOP_K}`, 'topK');
  return topK;
}
