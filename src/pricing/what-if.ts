/**
 * What-if curves for sliders: the estimate and its interval along one input
 * (mileage or age), every other input of the car fixed. Each point is exactly
 * what `estimate` answers for that car (no smoothing or capping), so a slider
 * and a plain estimate never disagree.
 */
import { badInput } from '../errors.js';
import type { DepreciationPoint } from './depreciation.js';
import { LIMITS } from './limits.js';
import { estimate, supportedYears, type PriceModelSet } from './predict.js';
import type { PriceMethod, PriceQuery } from './types.js';

export type CurveInput = 'MILEAGE' | 'AGE';
export const CURVE_INPUTS: readonly CurveInput[] = ['MILEAGE', 'AGE'];
export const DEFAULT_CURVE_POINTS = 11;
export const MAX_CURVE_POINTS = 50;
/** A mileage curve runs from 0 to at least this, and to 1.5 times the car's mileage beyond. */
export const MIN_MILEAGE_SPAN_KM = 300_000;

export interface WhatIfPoint extends DepreciationPoint {
  method: PriceMethod;
}

/** The values of the varied input: mileages rounded to 1,000 km, or whole model years the data supports (newest first). */
function steps(set: PriceModelSet, query: PriceQuery, by: CurveInput, points: number): number[] {
  if (by === 'MILEAGE') {
    const top = Math.min(LIMITS.maxMileageKm, Math.max(MIN_MILEAGE_SPAN_KM, Math.ceil((query.mileageKm * 1.5) / 10_000) * 10_000));
    return Array.from({ length: points }, (_, i) => Math.round((top * i) / (points - 1) / 1_000) * 1_000);
  }
  const [minYear, maxYear] = supportedYears(set.market);
  const years = Array.from({ length: points }, (_, i) => Math.round(maxYear - ((maxYear - minYear) * i) / (points - 1)));
  return [...new Set(years)];
}

/**
 * @throws AppError BAD_USER_INPUT on `points` outside 2..MAX_CURVE_POINTS or an unknown input.
 */
export function whatIfCurve(set: PriceModelSet, query: PriceQuery, by: CurveInput, points = DEFAULT_CURVE_POINTS): WhatIfPoint[] {
  if (!CURVE_INPUTS.includes(by)) throw badInput(`by must be one of ${CURVE_INPUTS.join(', ')}`, 'by');
  if (!Number.isInteger(points) || points < 2 || points > MAX_CURVE_POINTS) throw badInput(`points must be from 2 to ${MAX_CURVE_POINTS}`, 'points');
  return steps(set, query, by, points).map((value) => {
    const car = by === 'MILEAGE' ? { ...query, mileageKm: value } : { ...query, year: value };
    const result = estimate(set, car);
    return {
      age: set.market.referenceYear - car.year,
      year: car.year,
      mileageKm: car.mileageKm,
      amount: result.amount,
      low: result.low,
      high: result.high,
      method: result.method,
    };
  });
}
