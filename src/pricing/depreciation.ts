/** Depreciation curve of a car model: estimated value by age for a typical car. */
import { badInput } from '../errors.js';
import { estimate, supportedYears, type PriceModelSet } from './predict.js';
import type { Fuel, PriceMethod, Transmission } from './types.js';

export interface DepreciationOptions {
  carModel: string | null;
  /** Make key of a car model without listings. */
  make?: string | null;
  /** Helps a car model without listings. */
  newPrice?: number | null;
  /** Last age of the curve, years. Default 15 (cut at the oldest model year the data supports). */
  years?: number;
  /** Default: the stored typical car (15 000 km/year unless trained otherwise). */
  mileageKmPerYear?: number;
  /** Defaults: the most common variant (fuel, gearbox, power) of the car model's listings, else its make's, else all. */
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
 * Points for ages 0..years (model years the data supports), mileage growing
 * by mileageKmPerYear, each priced like an estimate. Trees can wiggle between
 * neighbouring ages, so each point is capped by the younger one: a car never
 * gains value by getting older and driving more.
 * @throws AppError BAD_USER_INPUT on bad options or a car with nothing to price it from.
 */
export function depreciationCurve(set: PriceModelSet, options: DepreciationOptions): DepreciationCurve {
  const years = options.years ?? DEFAULT_CURVE_YEARS;
  if (!Number.isInteger(years) || years < 0 || years > MAX_CURVE_YEARS) {
    throw badInput(`years must be a whole number from 0 to ${MAX_CURVE_YEARS}`, 'years');
  }
  const { market } = set;
  const entry = options.carModel !== null ? set.byCarModel.get(options.carModel) : undefined;
  const typical = entry?.typical ?? (options.make ? market.typicalByMake[options.make] : undefined) ?? market.typical;
  const mileageKmPerYear = options.mileageKmPerYear ?? typical.mileageKmPerYear;
  if (!Number.isFinite(mileageKmPerYear) || mileageKmPerYear < 0 || mileageKmPerYear > 200_000) {
    throw badInput('mileageKmPerYear must be from 0 to 200,000', 'mileageKmPerYear');
  }
  const fuel = options.fuel ?? typical.fuel;
  const transmission = options.transmission ?? typical.transmission;
  const powerHp = options.powerHp ?? typical.powerHp;
  const referenceYear = market.referenceYear;
  const lastAge = Math.min(years, referenceYear - supportedYears(market)[0]);

  const points: DepreciationPoint[] = [];
  let method: PriceMethod = 'gbm';
  let newPrice: number | null = null;
  for (let age = 0; age <= lastAge; age++) {
    const mileageKm = Math.round(age * mileageKmPerYear);
    const result = estimate(set, {
      carModel: options.carModel,
      make: options.make ?? entry?.make ?? null,
      year: referenceYear - age,
      mileageKm,
      fuel,
      transmission,
      powerHp,
      newPrice: options.newPrice ?? null,
    });
    method = result.method;
    newPrice = result.newPriceUsed;
    const previous = points[points.length - 1];
    const cap = (value: number, bound: number | undefined): number => (bound === undefined ? value : Math.min(value, bound));
    points.push({
      age,
      year: referenceYear - age,
      mileageKm,
      amount: cap(result.amount, previous?.amount),
      low: cap(result.low, previous?.low),
      high: cap(result.high, previous?.high),
    });
  }
  return { carModel: options.carModel, referenceYear, method, fuel, transmission, powerHp, mileageKmPerYear, newPrice, points };
}
