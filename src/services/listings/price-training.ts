/**
 * Training from the database: the listings as price samples, the hash that
 * tells whether stored models are current, and storing a trained version.
 * Runs in the admin worker, the CLIs and at first start; never on the
 * service's event loop while it serves requests.
 */
import { createHash } from 'node:crypto';
import type { TrainingRow } from '../../db/repositories/listings.js';
import type { PriceModelRepository, StoredModelInput } from '../../db/repositories/price-models.js';
import { LISTING_SOURCES } from '../../listings/sources.js';
import { makeKey } from '../../pricing/features.js';
import { trainPriceModels, trainerFingerprint, type TrainOptions } from '../../pricing/train.js';
import {
  CAR_MODEL_METHODS,
  type CarModelPriceModel,
  type DataBasis,
  type MarketPriceModel,
  type PriceSample,
  type StoredPriceModel,
} from '../../pricing/types.js';

export function toPriceSample(row: TrainingRow): PriceSample {
  return {
    carModel: row.vehicleModelId,
    make: makeKey(row.make),
    year: row.modelYear,
    mileageKm: row.mileageKm,
    fuel: row.fuel,
    transmission: row.transmission,
    powerHp: row.powerHp,
    newPrice: row.newPriceEur,
    price: row.priceEur,
  };
}

/**
 * Hash of the training rows and their car models, independent of the order
 * they were inserted in: a restart, or the shipped models, are current when
 * it matches.
 */
export function listingsHash(rows: readonly TrainingRow[]): string {
  const hash = createHash('sha256');
  for (const key of rows.map((row) => `${row.rowHash}:${row.vehicleModelId}:${row.make}`).sort()) hash.update(key);
  return hash.digest('hex');
}

/** What the prices are, from the formats the rows came from. */
export function dataBasis(rows: readonly TrainingRow[]): DataBasis {
  const ids = [...new Set(rows.map((row) => row.dataset))].sort();
  const sources = ids.map((id) => LISTING_SOURCES.find((source) => source.id === id));
  const asOf = sources.map((source) => source?.asOf ?? null).filter((value): value is string => value !== null).sort();
  return {
    basis: sources.map((source, i) => source?.basis ?? ids[i]).join('; '),
    asOf: asOf.length > 0 ? asOf[asOf.length - 1] : null,
  };
}

export interface TrainedVersion {
  models: StoredPriceModel[];
  listingsHash: string;
  trainer: string;
  listingsCount: number;
}

/** Trains on `rows` (no database access: the caller stores the result in a short transaction). */
export function trainOnRows(rows: readonly TrainingRow[], options: TrainOptions = {}): TrainedVersion {
  const models = trainPriceModels(rows.map(toPriceSample), { data: dataBasis(rows), ...options });
  return { models, listingsHash: listingsHash(rows), trainer: trainerFingerprint(), listingsCount: rows.length };
}

/**
 * One row per car model and compared method: the chosen one holds the whole
 * serialized model; the others keep their cross-validated figures, so that
 * `priceModels` can compare the methods side by side. The market entry is
 * one row (kind "market") with the market-wide models.
 */
export function toStoredRows(models: readonly StoredPriceModel[]): StoredModelInput[] {
  return models.flatMap((model): StoredModelInput[] => {
    if (model.carModel === null) {
      const market = model as MarketPriceModel;
      return [
        {
          kind: 'market',
          vehicleModelId: null,
          chosen: true,
          features: market.gbm.features,
          params: market,
          trainingRows: market.trainingRows,
          mae: market.gbm.metrics.mae,
          mape: market.gbm.metrics.mape,
          rmse: market.gbm.metrics.rmse,
          coverage: market.gbm.interval.coverage,
        },
      ];
    }
    const entry = model as CarModelPriceModel;
    return CAR_MODEL_METHODS.flatMap((method): StoredModelInput[] => {
      const candidate = entry.candidates[method];
      if (!candidate) return [];
      const chosen = method === entry.kind;
      return [
        {
          kind: method,
          vehicleModelId: entry.carModel,
          chosen,
          features: chosen && entry.params ? entry.params.features : [],
          params: chosen ? entry : candidate,
          trainingRows: entry.trainingRows,
          mae: candidate.metrics.mae,
          mape: candidate.metrics.mape,
          rmse: candidate.metrics.rmse,
          coverage: candidate.interval.coverage,
        },
      ];
    });
  });
}

/** Summary stored with a version (shown by the admin mutations). */
export function versionSummary(version: TrainedVersion): Record<string, unknown> {
  const market = version.models.find((m): m is MarketPriceModel => m.carModel === null)!;
  return {
    carModels: version.models.length - 1,
    data: market.data,
    gbmMape: market.gbm.metrics.mape,
    gbmMakeMape: market.gbmMake.metrics.mape,
    coverage: market.gbm.interval.coverage,
  };
}

/** Stores a trained version and makes it active; call it in a transaction (`storage.transaction`). */
export function storeVersion(priceModels: PriceModelRepository, trained: TrainedVersion): Promise<number> {
  return priceModels.insertActive(toStoredRows(trained.models), {
    listingsCount: trained.listingsCount,
    listingsHash: trained.listingsHash,
    trainer: trained.trainer,
    summary: versionSummary(trained),
  });
}
