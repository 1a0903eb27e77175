/** blend: the geometric mean of gbm and the car model's linear fit (the errors of the two partly cancel). */
import { predictLinear } from '../fit-linear.js';
import type { LinearParams } from '../types.js';
import type { PriceModelKind } from './kind.js';
import { linear } from './linear.js';
import { treesPrice } from './market-trees.js';
import { withinListings } from './own-fit.js';

export const blend: PriceModelKind = {
  method: 'blend',
  preference: 4,
  describe: {
    label: 'blend',
    summary: 'the geometric mean of gbm and linear',
  },
  carModel: {
    crossValidate: (cv) => {
      const own = cv.outOfFold('linear');
      const trees = cv.outOfFold('gbm');
      return own && trees ? { predictions: own.map((p, k) => Math.sqrt(trees[k] * p)) } : null;
    },
    // It keeps the linear fit; the trees are the market's.
    fit: (cv, result) => linear.carModel!.fit(cv, result),
    predict: ({ market, entry, query, vector }) =>
      withinListings(entry, query)
        ? {
            value: Math.sqrt(Math.exp(predictLinear(entry.params as LinearParams, vector)) * treesPrice(market, query, entry.make, entry.carModel)),
            newPriceUsed: null,
          }
        : null,
  },
};
