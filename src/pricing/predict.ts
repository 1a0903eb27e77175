/** Price estimates from stored models, and validation of price queries against what the data supports. */
import { AppError, badInput } from '../errors.js';
import { encodeFeatures, marketVector, type FeatureVector } from './features.js';
import { predictLinear } from './fit-linear.js';
import { predictTree } from './fit-tree.js';
import { priceFloor } from './floor.js';
import { compileGbm, predictCompiled, type CompiledGbm } from './gbm.js';
import { lookupEncodings } from './encodings.js';
import { LIMITS } from './limits.js';
import { bandFor } from './metrics.js';
import { predictPooledPrice } from './pooled.js';
import { MIN_ROWS_OWN_INTERVAL } from './train.js';
import {
  FUELS,
  TRANSMISSIONS,
  type BoostedModel,
  type CarModelPriceModel,
  type LinearParams,
  type MarketPriceModel,
  type PriceEstimate,
  type PriceMethod,
  type PriceQuery,
  type StoredPriceModel,
  type TreeParams,
} from './types.js';

/** Stored models indexed for estimates: built once per loaded version, never per request. */
export interface PriceModelSet {
  market: MarketPriceModel;
  byCarModel: ReadonlyMap<string, CarModelPriceModel>;
}

export function indexModels(models: readonly StoredPriceModel[]): PriceModelSet {
  const market = models.find((m): m is MarketPriceModel => m.carModel === null);
  if (!market || market.schemaVersion !== 2) throw new AppError('SERVICE_UNAVAILABLE', 'No market price model is loaded');
  const byCarModel = new Map<string, CarModelPriceModel>();
  for (const model of models) if (model.carModel !== null) byCarModel.set(model.carModel, model);
  return { market, byCarModel };
}

const fmt = (value: number): string => value.toLocaleString('en-US');

/** The model years estimates are given for: from a little before the oldest listing to the year after the newest. */
export function supportedYears(market: MarketPriceModel): [number, number] {
  return [Math.max(LIMITS.minYear, market.ranges.year[0] - LIMITS.yearsBeforeData), market.ranges.year[1] + 1];
}

/**
 * Checks every field of `query` against the plausible ranges and what the
 * market data supports (its model years).
 * @throws AppError BAD_USER_INPUT with `details.field` naming the field.
 */
export function validatePriceQuery(query: PriceQuery, market: MarketPriceModel): void {
  const { carModel, year, mileageKm, fuel, transmission, powerHp, newPrice } = query;
  if (carModel !== null && (typeof carModel !== 'string' || carModel.trim() === '')) {
    throw badInput('carModel must be a non-empty car model key or null', 'carModel');
  }
  const [minYear, maxYear] = supportedYears(market);
  if (!Number.isInteger(year)) throw badInput(`year must be a whole model year (got ${year})`, 'year');
  if (year < minYear || year > maxYear) {
    throw badInput(
      `year ${year} is outside what the market data supports: model years ${minYear} to ${maxYear} (data as of ${market.data.asOf ?? 'unknown'})`,
      'year',
    );
  }
  if (!Number.isFinite(mileageKm) || mileageKm < 0 || mileageKm > LIMITS.maxMileageKm) {
    throw badInput(`mileageKm must be from 0 to ${fmt(LIMITS.maxMileageKm)} (got ${mileageKm})`, 'mileageKm');
  }
  if (!FUELS.includes(fuel)) throw badInput(`fuel must be one of ${FUELS.join(', ')}`, 'fuel');
  if (!TRANSMISSIONS.includes(transmission)) {
    throw badInput(`transmission must be one of ${TRANSMISSIONS.join(', ')}`, 'transmission');
  }
  if (!Number.isFinite(powerHp) || powerHp < LIMITS.minPowerHp || powerHp > LIMITS.maxPowerHp) {
    throw badInput(`powerHp must be from ${LIMITS.minPowerHp} to ${fmt(LIMITS.maxPowerHp)} (got ${powerHp})`, 'powerHp');
  }
  if (newPrice !== null && (!Number.isFinite(newPrice) || newPrice < LIMITS.minPriceEur || newPrice > LIMITS.maxNewPriceEur)) {
    throw badInput(`newPrice must be from ${fmt(LIMITS.minPriceEur)} to ${fmt(LIMITS.maxNewPriceEur)} EUR (got ${newPrice})`, 'newPrice');
  }
}

export interface EstimateOptions {
  /** 'chosen' (default): the method cross-validation chose for the car model; 'gbm': the market-wide trees. */
  method?: 'chosen' | 'gbm';
}

/** Whether the query lies within what the car model's own listings showed; its own fits are not trusted outside. */
function withinListings(entry: CarModelPriceModel, query: PriceQuery): boolean {
  const { year, mileageKm, powerHp, fuels, transmissions } = entry.ranges;
  return (
    query.year >= year[0] &&
    query.year <= year[1] &&
    query.mileageKm <= mileageKm[1] * 1.1 &&
    query.powerHp >= powerHp[0] * 0.9 &&
    query.powerHp <= powerHp[1] * 1.1 &&
    fuels.includes(query.fuel) &&
    transmissions.includes(query.transmission)
  );
}

interface Raw {
  value: number;
  method: PriceMethod;
  interval: { level: number; low: number; high: number };
  expectedError: number;
  newPrice: number | null;
  listingsCount: number;
}

const gbmPrice = (market: MarketPriceModel, query: PriceQuery, make: string | null, carModel: string | null): number => {
  const withCarModel = carModel !== null;
  const boosted = withCarModel ? market.gbm : market.gbmMake;
  const vector = marketVector(query, lookupEncodings(asTable(market), make, carModel), withCarModel, market.referenceYear);
  return Math.exp(predictCompiled(compiled(boosted), vector)) * boosted.scale;
};

const compiledModels = new WeakMap<BoostedModel, CompiledGbm>();
function compiled(boosted: BoostedModel): CompiledGbm {
  let model = compiledModels.get(boosted);
  if (!model) {
    model = compileGbm(boosted.model);
    compiledModels.set(boosted, model);
  }
  return model;
}

// The stored JSON holds plain objects; lookups take Map-like access.
const tables = new WeakMap<MarketPriceModel, Parameters<typeof lookupEncodings>[0]>();
function asTable(market: MarketPriceModel): Parameters<typeof lookupEncodings>[0] {
  let table = tables.get(market);
  if (!table) {
    table = { global: market.global, makes: new Map(Object.entries(market.makes)), carModels: new Map(Object.entries(market.carModels)) };
    tables.set(market, table);
  }
  return table;
}

function carModelRaw(set: PriceModelSet, entry: CarModelPriceModel, query: PriceQuery, vector: FeatureVector, options: EstimateOptions): Raw & { fallbackFrom: PriceMethod | null } {
  const { market } = set;
  const newPrice = query.newPrice ?? entry.newPrice;
  let method: PriceMethod = options.method === 'gbm' ? 'gbm' : entry.kind;
  let fallbackFrom: PriceMethod | null = null;
  const ownFit = method === 'linear' || method === 'tree' || method === 'blend';
  const pooledMethod = method === 'pooled' || method === 'pooled-offset';
  if ((ownFit && !withinListings(entry, query)) || (pooledMethod && (newPrice === null || !market.pooled))) {
    fallbackFrom = method;
    method = 'gbm';
  }
  let value: number;
  if (method === 'linear') value = Math.exp(predictLinear(entry.params as LinearParams, vector));
  else if (method === 'blend') {
    value = Math.sqrt(Math.exp(predictLinear(entry.params as LinearParams, vector)) * gbmPrice(market, query, entry.make, entry.carModel));
  }
  else if (method === 'tree') value = Math.exp(predictTree(entry.params as TreeParams, vector));
  else if (method === 'pooled' || method === 'pooled-offset') {
    const offset = method === 'pooled-offset' ? (entry.pooledOffset ?? 0) : 0;
    value = predictPooledPrice(market.pooled!, vector, newPrice!) * (1 + offset);
  } else value = gbmPrice(market, query, entry.make, entry.carModel);

  const candidate = entry.candidates[method as keyof typeof entry.candidates] ?? entry.candidates.gbm!;
  // The gbm interval of a car model with few listings is its price band's, measured on many more.
  const interval =
    method === 'gbm' && entry.trainingRows < MIN_ROWS_OWN_INTERVAL
      ? { level: market.gbm.interval.level, ...bandFor(market.gbm.interval, value) }
      : candidate.interval;
  return {
    value,
    method,
    interval,
    expectedError: candidate.metrics.mape,
    newPrice: method === 'pooled' || method === 'pooled-offset' ? newPrice : null,
    listingsCount: entry.trainingRows,
    fallbackFrom,
  };
}

/** A car model without listings: its make's market model, or the new price when the caller gives one. */
function unseenRaw(market: MarketPriceModel, query: PriceQuery): Raw {
  const make = query.make !== null && market.makes[query.make] ? query.make : null;
  const listingsCount = make !== null ? market.makes[make].rows : market.trainingRows;
  if (query.newPrice !== null && market.pooled) {
    return {
      value: predictPooledPrice(market.pooled, encodeFeatures(query, market.referenceYear), query.newPrice),
      method: 'pooled',
      interval: market.pooled.interval,
      expectedError: market.pooled.metrics.mape,
      newPrice: query.newPrice,
      listingsCount,
    };
  }
  if (make === null && query.newPrice === null) {
    throw badInput(
      `Nothing to price this car from: make "${(query.make ?? '').slice(0, 40)}" has no listings and the car model is unknown; give a known make or newPrice (EUR)`,
      'make',
    );
  }
  let value = gbmPrice(market, query, make, null);
  let method: PriceMethod = 'gbm-make';
  if (query.newPrice !== null) {
    // The make's market depreciation from a nearly new car, applied to the given new price.
    const asNew = gbmPrice(market, { ...query, year: market.referenceYear, mileageKm: 0 }, make, null);
    value = (query.newPrice * value) / asNew;
    method = 'gbm-make-new-price';
  }
  return {
    value,
    method,
    interval: { level: market.gbmMake.interval.level, ...bandFor(market.gbmMake.interval, value) },
    expectedError: market.gbmMake.metrics.mape,
    newPrice: query.newPrice,
    listingsCount,
  };
}

/**
 * Estimates the price of `query`:
 * - a car model with listings: the method cross-validation chose for it (the
 *   market-wide trees, or its own linear/tree fit, bypassed for the trees
 *   when the query lies outside the car model's listings);
 * - otherwise the market model of its make (or the new price, when given).
 * The amount is never below the price floor; low <= amount <= high.
 * @throws AppError BAD_USER_INPUT on an invalid query or a car with nothing to price it from.
 */
export function estimate(set: PriceModelSet, query: PriceQuery, options: EstimateOptions = {}): PriceEstimate {
  const { market } = set;
  validatePriceQuery(query, market);
  const entry = query.carModel === null ? undefined : set.byCarModel.get(query.carModel);
  const vector = encodeFeatures(query, market.referenceYear);
  const raw = entry ? carModelRaw(set, entry, query, vector, options) : { ...unseenRaw(market, query), fallbackFrom: null };

  if (!Number.isFinite(raw.value)) throw new Error(`Price model produced a non-finite price for ${query.carModel}`);
  const floor = priceFloor(raw.newPrice);
  const clamped = raw.value < floor;
  const value = Math.max(raw.value, floor);
  const amount = Math.round(value);
  // The interval scales with the estimate; clamping keeps low <= amount <= high.
  const low = Math.min(amount, Math.max(Math.floor(floor), Math.floor(value * (1 + raw.interval.low))));
  const high = Math.max(amount, Math.ceil(value * (1 + raw.interval.high)));
  return {
    amount,
    low,
    high,
    currency: 'EUR',
    intervalLevel: raw.interval.level,
    method: raw.method,
    fallbackFrom: raw.fallbackFrom,
    carModel: query.carModel,
    hasListings: entry !== undefined,
    newPriceUsed: raw.newPrice,
    expectedError: raw.expectedError,
    listingsCount: raw.listingsCount,
    trainingRows: market.trainingRows,
    referenceYear: market.referenceYear,
    data: market.data,
    clamped,
  };
}
