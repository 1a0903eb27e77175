/** What the kinds fitted on one car model's own listings (linear, tree, blend) share. */
import { outOfFold } from '../cv.js';
import { priceFloor } from '../floor.js';
import type { CarModelPriceModel, PriceQuery } from '../types.js';
import type { CarModelCv } from './kind.js';

/** A car model needs this many listings for fits of its own. */
export const MIN_ROWS_OWN_FIT = 20;

/** Whether the query lies within what the car model's own listings showed; its own fits are not trusted outside. */
export function withinListings(entry: CarModelPriceModel, query: PriceQuery): boolean {
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

/**
 * Out-of-fold prices of an own fit: `fitPredict` fits on the train row
 * indices and returns log prices for the test ones; prices are their exp,
 * floored like estimates.
 */
export function ownOutOfFold(cv: CarModelCv, fitPredict: (train: number[], test: number[]) => number[]): number[] {
  return outOfFold(cv.folds, fitPredict).map((p) => Math.max(Math.exp(p), priceFloor(null)));
}
