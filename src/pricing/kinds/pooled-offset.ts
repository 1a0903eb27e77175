/** pooled-offset: the pooled model times (1 + the car model's shrunk offset against it). */
import type { PriceModelKind } from './kind.js';
import { pooledCarModelPrice } from './pooled.js';

export const pooledOffset: PriceModelKind = {
  method: 'pooled-offset',
  preference: 2,
  describe: {
    label: 'pooled+offset',
    summary: "the pooled model with a shrunk per-car-model offset, sum of relative residuals / (rows + k), k cross-validated",
  },
  carModel: {
    crossValidate: (cv) => cv.market.pooledOffset && { predictions: cv.market.pooledOffset },
    fit: () => null,
    predict: (input) => pooledCarModelPrice(input, true),
  },
};
