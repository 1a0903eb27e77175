/** pooled: the study's model on price / new price, one depreciation curve and one set of equipment premiums for all car models. */
import { percent } from '../format.js';
import { predictPooledPrice } from '../pooled.js';
import type { CarModelAnswer, CarModelQuery, PriceModelKind } from './kind.js';

/**
 * The pooled price of a car model with listings, times (1 + its shrunk
 * offset) when `withOffset`; null without a new price (the caller's, else
 * the median of its listings') or without a pooled model.
 */
export function pooledCarModelPrice({ market, entry, query, vector }: CarModelQuery, withOffset: boolean): CarModelAnswer | null {
  const newPrice = query.newPrice ?? entry.newPrice;
  if (newPrice === null || !market.pooled) return null;
  const offset = withOffset ? (entry.pooledOffset ?? 0) : 0;
  return { value: predictPooledPrice(market.pooled, vector, newPrice) * (1 + offset), newPriceUsed: newPrice };
}

export const pooled: PriceModelKind = {
  method: 'pooled',
  preference: 1,
  describe: {
    label: 'pooled',
    summary: "the study's model on price / new price, shared by all car models (listings that carry a new price)",
    market: ({ pooled: model }) =>
      model && { line: `pooled (new-price model, car models left out): MAPE ${percent(model.metrics.mape)}, coverage ${percent(model.interval.coverage)}` },
  },
  carModel: {
    // Cross-validated once on every listing with a new price; these are the car model's rows of it.
    crossValidate: (cv) => cv.market.pooled && { predictions: cv.market.pooled },
    fit: () => null,
    predict: (input) => pooledCarModelPrice(input, false),
  },
  unseen: {
    predict: ({ market, query, vector }) =>
      query.newPrice !== null && market.pooled
        ? {
            value: predictPooledPrice(market.pooled, vector, query.newPrice),
            newPriceUsed: query.newPrice,
            interval: market.pooled.interval,
            expectedError: market.pooled.metrics.mape,
          }
        : null,
  },
};
