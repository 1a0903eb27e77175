/** Price estimates from stored models, and validation of price queries against what the data supports. */
import { AppError, badInput } from '../errors.js';
import { encodeFeatures, type FeatureVector } from './features.js';
import { priceFloor } from './floor.js';
import { PRICE_MODELS, type CarModelKind, type PriceModelRegistry, type RelativeInterval } from './kinds/index.js';
import { LIMITS } from './limits.js';
import {
  FUELS,
  TRANSMISSIONS,
  type CarModelPriceModel,
  type MarketPriceModel,
  type PriceEstimate,
  type PriceMethod,
  type PriceQuery,
  type StoredPriceModel,
} from './types.js';

/** Stored models indexed for estimates: built once per loaded version, never per request. */
export interface PriceModelSet {
  market: MarketPriceModel;
  byCarModel: ReadonlyMap<string, CarModelPriceModel>;
  /** The kinds the models were trained with. */
  registry: PriceModelRegistry;
}

export function indexModels(models: readonly StoredPriceModel[], registry: PriceModelRegistry = PRICE_MODELS): PriceModelSet {
  const market = models.find((m): m is MarketPriceModel => m.carModel === null);
  if (!market || market.schemaVersion !== 2) throw new AppError('SERVICE_UNAVAILABLE', 'No market price model is loaded');
  const byCarModel = new Map<string, CarModelPriceModel>();
  for (const model of models) if (model.carModel !== null) byCarModel.set(model.carModel, model);
  return { market, byCarModel, registry };
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

interface Raw {
  value: number;
  method: PriceMethod;
  interval: RelativeInterval;
  expectedError: number;
  newPrice: number | null;
  listingsCount: number;
}

function carModelRaw(set: PriceModelSet, entry: CarModelPriceModel, query: PriceQuery, vector: FeatureVector, options: EstimateOptions): Raw & { fallbackFrom: PriceMethod | null } {
  const { market, registry } = set;
  const input = { market, entry, query, vector };
  // The 'gbm' option names the market-wide trees' kind.
  let kind: CarModelKind = registry.carModelKind(options.method === 'gbm' ? 'gbm' : entry.kind);
  let fallbackFrom: PriceMethod | null = null;
  let answer = kind.carModel.predict(input);
  if (!answer) {
    fallbackFrom = kind.method;
    kind = registry.fallback;
    answer = kind.carModel.predict(input);
    if (!answer) throw new Error(`The fallback price model ${kind.method} did not answer for ${entry.carModel}`);
  }
  // A stored model keeps the fallback's figures always.
  const candidate = entry.candidates[kind.method] ?? entry.candidates[registry.fallback.method]!;
  return {
    value: answer.value,
    method: kind.method,
    interval: kind.carModel.interval?.(entry, market, answer.value) ?? candidate.interval,
    expectedError: candidate.metrics.mape,
    newPrice: answer.newPriceUsed,
    listingsCount: entry.trainingRows,
    fallbackFrom,
  };
}

/** A car model without listings: the first kind that can price it (its make's market model, or the new price when the caller gives one). */
function unseenRaw(set: PriceModelSet, query: PriceQuery, vector: FeatureVector): Raw {
  const { market } = set;
  const make = query.make !== null && market.makes[query.make] ? query.make : null;
  const listingsCount = make !== null ? market.makes[make].rows : market.trainingRows;
  for (const kind of set.registry.unseenKinds) {
    const answer = kind.unseen.predict({ market, query, vector, make });
    if (answer) {
      const { value, interval, expectedError, newPriceUsed } = answer;
      return { value, method: kind.method, interval, expectedError, newPrice: newPriceUsed, listingsCount };
    }
  }
  throw badInput(
    `Nothing to price this car from: make "${(query.make ?? '').slice(0, 40)}" has no listings and the car model is unknown; give a known make or newPrice (EUR)`,
    'make',
  );
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
  const raw = entry ? carModelRaw(set, entry, query, vector, options) : { ...unseenRaw(set, query, vector), fallbackFrom: null };

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
