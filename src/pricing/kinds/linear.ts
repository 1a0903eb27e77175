/** linear: ordinary least squares on the log price of one car model's listings. */
import { fitLinear, predictLinear } from '../fit-linear.js';
import type { LinearParams } from '../types.js';
import type { PriceModelKind } from './kind.js';
import { MIN_ROWS_OWN_FIT, ownOutOfFold, withinListings } from './own-fit.js';

export const linear: PriceModelKind = {
  method: 'linear',
  preference: 3,
  describe: {
    label: 'linear',
    summary: "ordinary least squares on the log price of the car model's own listings",
  },
  carModel: {
    crossValidate: (cv) =>
      cv.prices.length < MIN_ROWS_OWN_FIT
        ? null
        : {
            predictions: ownOutOfFold(cv, (train, test) => {
              const params = fitLinear(
                train.map((i) => cv.vectors[i]),
                train.map((i) => cv.logPrices[i]),
              );
              return test.map((i) => predictLinear(params, cv.vectors[i]));
            }),
          },
    fit: (cv) => fitLinear(cv.vectors, cv.logPrices),
    predict: ({ entry, query, vector }) =>
      withinListings(entry, query) ? { value: Math.exp(predictLinear(entry.params as LinearParams, vector)), newPriceUsed: null } : null,
  },
};
