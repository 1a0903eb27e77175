/**
 * Identify a car in a photo: run the inference pipeline, map its labels to
 * catalog vehicles, store the result (never the image) and return it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AppError, badInput, notFound, throwIfAborted } from '../errors.js';
import type { IdentificationRepository } from '../db/repositories/identifications.js';
import type { IdentificationRow } from '../db/tables.js';
import type { VehicleService } from '../catalog/vehicle-service.js';
import type { Identification } from '../graphql/types/identification.type.js';
import type { IdentifyOptions, IdentifyResult } from '../inference/types.js';
import type { BatchItemResult } from '../inference/pipeline.js';

/** The part of the inference service this needs (kept narrow so tests and main wire the real one). */
export interface Identifier {
  identify(image: Uint8Array, options: IdentifyOptions): Promise<IdentifyResult>;
  identifyBatch(images: readonly Uint8Array[], options: IdentifyOptions): Promise<BatchItemResult[]>;
}

export interface IdentificationOptions {
  /** False: results are returned but not stored (identification(id) then answers NOT_FOUND). */
  store: boolean;
}

/** What is stored in `identifications.result`. */
export interface StoredResult {
  candidates: { label: string; catalogLabel: string | null; confidence: number }[];
  confidence: number;
  uncertain: boolean;
  boundingBox: IdentifyResult['boundingBox'] | null;
  detection: { source: string; score: number; detectorClass: string | null };
  bodyType: string | null;
  model: IdentifyResult['model'];
  provider: string;
  timings: IdentifyResult['timings'];
  image: { width: number; height: number; sha256: string };
}

export const MAX_TOP_K = 20;

export class IdentificationService {
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
    const result = await this.requireIdentifier().identify(image, options);
    throwIfAborted(signal); // answered TIMEOUT already: nothing to store
    return this.store(image, result);
  }

  /** One result per image, in order; a failed image rejects its own promise only. */
  async identifyMany(images: Buffer[], topK?: number | null, signal?: AbortSignal): Promise<Promise<Identification>[]> {
    const options = { topK: checkTopK(topK), signal };
    const results = await this.requireIdentifier().identifyBatch(images, options);
    throwIfAborted(signal);
    return results.map((item, i) => (item.ok ? Promise.resolve(this.store(images[i], item.result)) : Promise.reject(item.error)));
  }

  get(id: string): Identification {
    const row = this.repository.findById(id);
    if (!row) throw notFound(`No identification with id "${id}"`);
    return this.toIdentification(row);
  }

  delete(id: string): boolean {
    return this.repository.delete(id);
  }

  private requireIdentifier(): Identifier {
    if (!this.identifier) {
      throw new AppError('SERVICE_UNAVAILABLE', `Identification is unavailable: ${this.unavailableReason ?? 'inference is disabled'}`);
    }
    return this.identifier;
  }

  private store(image: Buffer, result: IdentifyResult): Identification {
    this.onResult(result);
    const stored: StoredResult = {
      candidates: result.candidates.map(({ label, catalogLabel, confidence }) => ({ label, catalogLabel, confidence })),
      confidence: result.confidence,
      uncertain: result.uncertain,
      boundingBox: result.boundingBox,
      detection: { source: result.detectionSource, score: result.detectionScore, detectorClass: result.detectorClass },
      bodyType: result.bodyType,
      model: result.model,
      provider: result.provider,
      timings: result.timings,
      image: { width: result.imageWidth, height: result.imageHeight, sha256: createHash('sha256').update(image).digest('hex') },
    };
    const top = stored.candidates[0];
    const vehicle = top?.catalogLabel ? this.vehicles.bySourceLabel(top.catalogLabel) : null;
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
    return this.toIdentification(this.options.store ? this.repository.insert(row) : { ...row, createdAt: new Date().toISOString() });
  }

  private toIdentification(row: IdentificationRow): Identification {
    const stored = row.result as StoredResult;
    const candidates = stored.candidates.map(({ label, catalogLabel, confidence }) => {
      const vehicle = catalogLabel ? this.vehicles.bySourceLabel(catalogLabel) : null;
      return { label, confidence, vehicle, make: vehicle?.make ?? null, model: vehicle?.model ?? null };
    });
    const box = stored.boundingBox;
    return {
      id: row.id,
      createdAt: new Date(row.createdAt),
      candidates,
      vehicle: candidates[0]?.vehicle ?? null,
      confidence: stored.confidence,
      uncertain: stored.uncertain,
      boundingBox: box
        ? { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) }
        : null,
      bodyType: stored.bodyType,
      model: stored.model,
      provider: stored.provider,
      timings: stored.timings,
      image: stored.image,
    };
  }
}

function checkTopK(topK: number | null | undefined): number | undefined {
  if (topK == null) return undefined;
  if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) throw badInput(`"topK" must be between 1 and ${MAX_TOP_K}`, 'topK');
  return topK;
}
