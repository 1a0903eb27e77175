/** Depreciation curve of a car model: estimated value by age for a typical car. */
import { badInput } from '../errors.js';
import { estimate, MIN_MODEL_YEAR } from './predict.js';
import type { Fuel, PriceMethod, StoredPriceModel, Transmission } from './types.js';

export interface DepreciationOptions {
  carModel: string | null;
  /** Needed for a car model without listings; overrides the listings' new price otherwise. */
  newPrice?: number | null;
  /** Last age of the curve, years. Default 15. */
  years?: number;
  /** Default: the stored typical car (15 000 km/year unless trained otherwise). */
  mileageKmPerYear?: number;
  /**
   * Defaults: the most common fuel and gearbox and the median power of the car
   * model's listings (of all listings for a car model without any).
   */
  fuel?: Fuel;
  transmission?: Transmission;
  powerHp?: number;
}

export interface DepreciationPoint {
  age: number;
  year: number;
  mileageKm: number;
  amount: number;
  low: number;
  high: number;
}

export interface DepreciationCurve {
  carModel: string | null;
  referenceYear: number;
  method: PriceMethod;
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  mileageKmPerYear: number;
  newPrice: number | null;
  points: DepreciationPoint[];
}

export const DEFAULT_CURVE_YEARS = 15;
const MAX_CURVE_YEARS = 50;

/**
 * Points for ages 0..years, mileage growing by mileageKmPerYear. The pooled
 * model (with the car model's offset) prices every point when it can: a car
 * model's own fit saw only the few model years of its listings, while the
 * pooled depreciation is learned over all ages, so the curve stays smooth and
 * never rises with age.
 * @throws AppError BAD_USER_INPUT on bad options or a car model without listings and newPrice.
 */
export function depreciationCurve(models: readonly StoredPriceModel[], options: DepreciationOptions): DepreciationCurve {
  const years = options.years ?? DEFAULT_CURVE_YEARS;
  if (!Number.isInteger(years) || years < 0 || years > MAX_CURVE_YEARS) {
    throw badInput(`years must be a whole number from 0 to ${MAX_CURVE_YEARS}`, 'years');
  }
  const entry = models.find((m) => m.carModel !== null && m.carModel === options.carModel);
  const pooled = models.find((m) => m.carModel === null);
  const source = entry ?? pooled;
  if (!source) {
    throw badInput(
      `No listings for car model ${options.carModel ?? '(unknown)'} and no pooled price model is loaded`,
      'carModel',
    );
  }
  const typical = source.typical;
  const mileageKmPerYear = options.mileageKmPerYear ?? typical.mileageKmPerYear;
  if (!Number.isFinite(mileageKmPerYear) || mileageKmPerYear < 0) {
    throw badInput('mileageKmPerYear must not be negative', 'mileageKmPerYear');
  }
  const fuel = options.fuel ?? typical.fuel;
  const transmission = options.transmission ?? typical.transmission;
  const powerHp = options.powerHp ?? typical.powerHp;
  const referenceYear = source.referenceYear;
  const lastAge = Math.min(years, referenceYear - MIN_MODEL_YEAR);

  const points: DepreciationPoint[] = [];
  let method: PriceMethod = 'pooled';
  let newPrice: number | null = null;
  for (let age = 0; age <= lastAge; age++) {
    const mileageKm = Math.round(age * mileageKmPerYear);
    const result = estimate(
      models,
      {
        carModel: options.carModel,
        year: referenceYear - age,
        mileageKm,
        fuel,
        transmission,
        powerHp,
        newPrice: options.newPrice ?? null,
      },
      { method: 'pooled' },
    );
    method = result.method;
    newPrice = result.newPriceUsed;
    points.push({ age, year: referenceYear - age, mileageKm, amount: result.amount, low: result.low, high: result.high });
  }
  return { carModel: options.carModel, referenceYear, method, fuel, transmission, powerHp, mileageKmPerYear, newPrice, points };
}
