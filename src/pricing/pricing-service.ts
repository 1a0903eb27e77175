/**
 * The pricing use cases: train once and store the fitted models in SQLite,
 * serve estimates from the active version (no training per request), resolve
 * make/model names to catalog rows, and draw depreciation curves.
 */
import { createHash } from 'node:crypto';
import { badInput, notFound } from '../errors.js';
import type { ListingRepository, TrainingRow } from '../db/repositories/listings.js';
import type { PriceModelRepository, StoredModelInput } from '../db/repositories/price-models.js';
import type { VehicleRepository } from '../db/repositories/vehicles.js';
import type { PriceModelRow, VehicleModelRow } from '../db/tables.js';
import { toPriceSample } from '../listings/parse-listings.js';
import { pickVehicle } from '../catalog/pick-vehicle.js';
import { depreciationCurve, type DepreciationCurve, type DepreciationOptions } from './depreciation.js';
import { estimate, validatePriceQuery } from './predict.js';
import { formatPriceModelReport } from './report.js';
import { trainPriceModels } from './train.js';
import {
  PRICE_METHODS,
  type CarModelPriceModel,
  type Fuel,
  type PriceEstimate,
  type PriceQuery,
  type StoredPriceModel,
  type TrainProgress,
  type Transmission,
} from './types.js';

export interface PriceRequest {
  make: string;
  model: string;
  year: number;
  mileageKm: number;
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  newPrice?: number | null;
  vehicleId?: string | null;
}

export interface PricedEstimate extends PriceEstimate {
  modelVersion: number;
  vehicle: VehicleModelRow | null;
}

export interface TrainingOutcome {
  version: number;
  trained: boolean;
  models: StoredPriceModel[];
  report: string;
}

interface ActiveModels {
  version: number;
  models: StoredPriceModel[];
}

export class PricingService {
  private active: ActiveModels | null = null;

  constructor(
    private readonly priceModels: PriceModelRepository,
    private readonly listings: ListingRepository,
    private readonly vehicles: VehicleRepository,
    private readonly now: () => Date = () => new Date(),
    /** Told which method answered each estimate (metrics). */
    private readonly onEstimate: (method: string) => void = () => {},
  ) {}

  /** Trains only when nothing is stored or the listings changed since the active version. */
  ensureTrained(onProgress?: TrainProgress): TrainingOutcome {
    const rows = this.listings.trainingRows();
    const stored = this.priceModels.activeVersion();
    if (stored && stored.listingsHash === listingsHash(rows)) {
      const models = this.load(stored.version);
      return { version: stored.version, trained: false, models, report: formatPriceModelReport(models) };
    }
    return this.train(rows, onProgress);
  }

  /** Trains a new version from the current listings and makes it active. */
  retrain(onProgress?: TrainProgress): TrainingOutcome {
    return this.train(this.listings.trainingRows(), onProgress);
  }

  estimate(request: PriceRequest): PricedEstimate {
    const { version, models } = this.activeModels();
    const vehicle = this.resolveVehicle(request, models);
    const query: PriceQuery = {
      carModel: vehicle?.id ?? null,
      year: request.year,
      mileageKm: request.mileageKm,
      fuel: request.fuel,
      transmission: request.transmission,
      powerHp: request.powerHp,
      newPrice: request.newPrice ?? vehicle?.newPriceEur ?? null,
    };
    validatePriceQuery(query, this.now());
    if (query.newPrice === null && (query.carModel === null || !models.some((m) => m.carModel === query.carModel))) {
      const name = vehicle ? `${vehicle.make} ${vehicle.model}` : `"${request.make} ${request.model}"`;
      throw badInput(
        `${vehicle ? `No listings and no new price for ${name}` : `Unknown car model ${name} and no newPrice given`}: ` +
          'pass newPrice (EUR) to estimate from the new price',
        'newPrice',
      );
    }
    const result = estimate(models, query);
    this.onEstimate(result.method);
    return { ...result, modelVersion: version, vehicle };
  }

  /** Value by age for a typical car of this model; null when neither listings nor a new price exist. */
  depreciation(vehicleId: string, options: Omit<DepreciationOptions, 'carModel'> = {}): DepreciationCurve | null {
    const vehicle = this.vehicles.findById(vehicleId);
    if (!vehicle) throw notFound(`No vehicle with id "${vehicleId}"`);
    const { models } = this.activeModels();
    const hasListings = models.some((m) => m.carModel === vehicle.id);
    const newPrice = options.newPrice ?? vehicle.newPriceEur;
    if (!hasListings && newPrice == null) return null;
    return depreciationCurve(models, { ...options, carModel: vehicle.id, newPrice });
  }

  /** Stored model rows of a version (default: the active one), for comparing methods. */
  storedModels(version?: number | null, vehicleModelId?: string | null): { version: number; active: boolean; rows: PriceModelRow[] } {
    const active = this.priceModels.activeVersion();
    const chosen = version ?? active?.version;
    if (chosen == null) return { version: 0, active: false, rows: [] };
    if (!this.priceModels.version(chosen)) throw notFound(`No price model version ${chosen}`);
    return { version: chosen, active: chosen === active?.version, rows: this.priceModels.models(chosen, vehicleModelId ?? undefined) };
  }

  activeVersion(): number | null {
    return this.priceModels.activeVersion()?.version ?? null;
  }

  private train(rows: TrainingRow[], onProgress?: TrainProgress): TrainingOutcome {
    const models = trainPriceModels(
      rows.map((row) => toPriceSample(row, row.vehicleModelId)),
      { onProgress },
    );
    const version = this.priceModels.saveActive(toStoredRows(models), rows.length, listingsHash(rows), {
      carModels: models.filter((m) => m.carModel !== null).length,
    });
    this.active = { version, models };
    return { version, trained: true, models, report: formatPriceModelReport(models) };
  }

  private activeModels(): ActiveModels {
    const stored = this.priceModels.activeVersion();
    if (!stored) throw new Error('no price models are stored: call ensureTrained() at start');
    if (this.active?.version !== stored.version) this.active = { version: stored.version, models: this.load(stored.version) };
    return this.active;
  }

  private load(version: number): StoredPriceModel[] {
    return this.priceModels
      .models(version)
      .filter((row) => row.chosen)
      .map((row) => row.params as StoredPriceModel);
  }

  private resolveVehicle(request: PriceRequest, models: StoredPriceModel[]): VehicleModelRow | null {
    if (request.vehicleId) {
      const row = this.vehicles.findById(request.vehicleId);
      if (!row) throw notFound(`No vehicle with id "${request.vehicleId}"`);
      return row;
    }
    const priced = new Set(models.map((m) => m.carModel).filter((id): id is string => id !== null));
    return pickVehicle(this.vehicles.findByName(request.make, request.model), request.year, priced);
  }
}

/** Hash of the training rows, so that a restart knows whether the stored models are current. */
export function listingsHash(rows: readonly TrainingRow[]): string {
  const hash = createHash('sha256');
  for (const { id: _id, ...row } of rows) hash.update(JSON.stringify(row));
  return hash.digest('hex');
}

/**
 * One row per car model and compared method: the chosen one holds the whole
 * serialized model; the others keep their cross-validated figures, so that
 * `priceModels` can compare linear, tree and pooled side by side.
 */
function toStoredRows(models: StoredPriceModel[]): StoredModelInput[] {
  return models.flatMap((model): StoredModelInput[] => {
    const chosen: StoredModelInput = {
      kind: model.kind,
      vehicleModelId: model.carModel,
      chosen: true,
      features: model.features,
      params: model,
      trainingRows: model.trainingRows,
      mae: model.metrics.mae,
      mape: model.metrics.mape,
      rmse: model.metrics.rmse,
      coverage: model.interval.coverage,
    };
    if (model.carModel === null) return [chosen];
    const carModel = model as CarModelPriceModel;
    const others = PRICE_METHODS.filter((method) => method !== model.kind && carModel.candidates[method]).map(
      (method): StoredModelInput => {
        const candidate = carModel.candidates[method]!;
        return {
          kind: method,
          vehicleModelId: model.carModel,
          chosen: false,
          features: model.features,
          params: candidate,
          trainingRows: model.trainingRows,
          mae: candidate.metrics.mae,
          mape: candidate.metrics.mape,
          rmse: candidate.metrics.rmse,
          coverage: candidate.interval.coverage,
        };
      },
    );
    return [chosen, ...others];
  });
}
