/** Price estimates from stored models, and validation of price queries. */
import { AppError, badInput } from '../errors.js';
import { encodeFeatures, type FeatureVector } from './features.js';
import { predictLinear } from './fit-linear.js';
import { predictPooled } from './fit-pooled.js';
import { predictTree } from './fit-tree.js';
import { priceFloor } from './floor.js';
import {
  FUELS,
  TRANSMISSIONS,
  type CarModelPriceModel,
  type IntervalSpec,
  type PooledPriceModel,
  type PriceEstimate,
  type PriceMethod,
  type PriceQuery,
  type StoredPriceModel,
} from './types.js';

export const MIN_MODEL_YEAR = 1950;
export const MAX_POWER_HP = 2000;
export const MAX_MILEAGE_KM = 2_000_000;

/** Checks every field that does not depend on the date; `maxYear` null skips the future-year check. */
function checkQuery(query: PriceQuery, maxYear: number | null): void {
  const { carModel, year, mileageKm, fuel, transmission, powerHp, newPrice } = query;
  if (carModel !== null && (typeof carModel !== 'string' || carModel.trim() === '')) {
    throw badInput('carModel must be a non-empty car model key or null', 'carModel');
  }
  if (!Number.isInteger(year)) throw badInput(`year must be a whole model year (got ${year})`, 'year');
  if (year < MIN_MODEL_YEAR) throw badInput(`year must be ${MIN_MODEL_YEAR} or later (got ${year})`, 'year');
  if (maxYear !== null && year > maxYear) {
    throw badInput(`year ${year} is in the future (latest accepted model year: ${maxYear})`, 'year');
  }
  if (!Number.isFinite(mileageKm)) throw badInput('mileageKm must be a number', 'mileageKm');
  if (mileageKm < 0) throw badInput(`mileageKm must not be negative (got ${mileageKm})`, 'mileageKm');
  if (mileageKm > MAX_MILEAGE_KM) {
    throw badInput(`mileageKm ${mileageKm} is not plausible (at most ${MAX_MILEAGE_KM})`, 'mileageKm');
  }
  if (!FUELS.includes(fuel)) throw badInput(`fuel must be one of ${FUELS.join(', ')}`, 'fuel');
  if (!TRANSMISSIONS.includes(transmission)) {
    throw badInput(`transmission must be one of ${TRANSMISSIONS.join(', ')}`, 'transmission');
  }
  if (!Number.isFinite(powerHp) || powerHp <= 0) throw badInput(`powerHp must be positive (got ${powerHp})`, 'powerHp');
  if (powerHp > MAX_POWER_HP) throw badInput(`powerHp ${powerHp} is not plausible (at most ${MAX_POWER_HP})`, 'powerHp');
  if (newPrice !== null && (!Number.isFinite(newPrice) || newPrice <= 0)) {
    throw badInput(`newPrice must be positive (got ${newPrice})`, 'newPrice');
  }
}

/**
 * Validates a query's ranges against `now` (passed in, so the function stays
 * pure): model year 1950 to next year, mileage >= 0, 0 < power <= 2000 hp,
 * newPrice > 0 when given.
 * @throws AppError BAD_USER_INPUT with `details.field` naming the field.
 */
export function validatePriceQuery(query: PriceQuery, now: Date): PriceQuery {
  checkQuery(query, now.getFullYear() + 1);
  return query;
}

export interface EstimateOptions {
  /**
   * 'chosen' (default): the method cross-validation chose for the car model.
   * 'pooled': the pooled model (with the car model's offset when it has one),
   * whose single depreciation curve extrapolates smoothly over any age.
   */
  method?: 'chosen' | 'pooled';
}

const isPooled = (model: StoredPriceModel): model is PooledPriceModel => model.carModel === null;

/** Whether the query lies within what the car model's own listings showed; its own fits are not trusted outside. */
function withinListings(entry: CarModelPriceModel, query: PriceQuery): boolean {
  const { year, mileageKm, fuels, transmissions } = entry.ranges;
  return (
    query.year >= year[0] - 1 &&
    query.year <= year[1] + 1 &&
    query.mileageKm <= mileageKm[1] * 1.1 &&
    fuels.includes(query.fuel) &&
    transmissions.includes(query.transmission)
  );
}

interface Raw {
  value: number;
  method: PriceMethod;
  interval: IntervalSpec;
  expectedError: number;
  newPrice: number | null;
}

function pooledRaw(
  pooled: PooledPriceModel,
  entry: CarModelPriceModel | undefined,
  vector: FeatureVector,
  newPrice: number,
  withOffset: boolean,
): Raw {
  const base = predictPooled(pooled.params, pooled.features, vector, newPrice);
  if (!entry) {
    return { value: base, method: 'pooled', interval: pooled.interval, expectedError: pooled.metrics.mape, newPrice };
  }
  const method: PriceMethod = withOffset && entry.pooledOffset !== null ? 'pooled-offset' : 'pooled';
  const result = entry.candidates[method];
  const offset = method === 'pooled-offset' ? entry.pooledOffset! : 0;
  return {
    value: base * (1 + offset),
    method,
    interval: result ? result.interval : pooled.interval,
    expectedError: result ? result.metrics.mape : pooled.metrics.mape,
    newPrice,
  };
}

/**
 * Estimates the price of `query`:
 * - a car model with listings: the method chosen for it by cross-validation
 *   (its own linear/tree fit, or the pooled model with its offset); an own
 *   fit is bypassed for the pooled model when the query lies outside the car
 *   model's listings (other fuel or gearbox, years or mileage beyond them);
 * - otherwise the pooled model, which needs `query.newPrice` (the caller puts
 *   the catalog's new price there).
 * The amount is never below the price floor; low <= amount <= high.
 * @throws AppError BAD_USER_INPUT on an invalid query, or when the car model
 *   has no listings and no newPrice is given.
 */
export function estimate(
  models: readonly StoredPriceModel[],
  query: PriceQuery,
  options: EstimateOptions = {},
): PriceEstimate {
  checkQuery(query, null);
  const pooled = models.find(isPooled);
  const entry =
    query.carModel === null
      ? undefined
      : (models.find((m): m is CarModelPriceModel => m.carModel === query.carModel));

  let raw: Raw;
  let fallbackFrom: PriceMethod | null = null;
  let referenceYear: number;
  if (entry) {
    referenceYear = entry.referenceYear;
    const vector = encodeFeatures(query, referenceYear);
    const newPrice = query.newPrice ?? entry.newPrice;
    const pooledUsable = pooled !== undefined && newPrice !== null && pooled.referenceYear === entry.referenceYear;
    const ownFit = entry.kind === 'linear' || entry.kind === 'tree';
    if (pooledUsable && (!ownFit || options.method === 'pooled' || !withinListings(entry, query))) {
      // The offset is used unless cross-validation found the bare pooled model better for this car model.
      const withOffset = entry.kind !== 'pooled';
      raw = pooledRaw(pooled, entry, vector, newPrice, withOffset);
      if (ownFit && options.method !== 'pooled') fallbackFrom = entry.kind;
    } else if (entry.kind === 'linear' || entry.kind === 'tree') {
      raw = {
        value: entry.kind === 'linear' ? predictLinear(entry.params, entry.features, vector) : predictTree(entry.params, entry.features, vector),
        method: entry.kind,
        interval: entry.interval,
        expectedError: entry.metrics.mape,
        newPrice: null,
      };
    } else {
      throw new AppError('SERVICE_UNAVAILABLE', 'The pooled price model is missing or was trained apart from the others');
    }
  } else {
    if (query.newPrice === null) {
      const subject = query.carModel === null ? 'an unidentified car model' : `car model ${query.carModel}`;
      throw badInput(
        `No listings for ${subject} and no newPrice given: a new price is needed to estimate a car model without listings`,
        'newPrice',
      );
    }
    if (!pooled) throw new AppError('SERVICE_UNAVAILABLE', 'No pooled price model is loaded');
    referenceYear = pooled.referenceYear;
    raw = pooledRaw(pooled, undefined, encodeFeatures(query, referenceYear), query.newPrice, false);
  }

  if (!Number.isFinite(raw.value)) throw new Error(`Price model produced a non-finite price for ${query.carModel}`);
  const floor = priceFloor(raw.newPrice ?? entry?.newPrice ?? null);
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
    fallbackFrom,
    carModel: query.carModel,
    hasListings: entry !== undefined,
    newPriceUsed: raw.newPrice,
    expectedError: raw.expectedError,
    trainingRows: entry ? entry.trainingRows : pooled!.trainingRows,
    referenceYear,
    clamped,
  };
}
