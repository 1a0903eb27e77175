/** gbm: gradient-boosted trees on every listing, the make and car model as target encodings; what every car model falls back to. */
import { percent } from '../format.js';
import type { PriceModelKind } from './kind.js';
import { bandInterval, treesPrice } from './market-trees.js';

/** Below this many listings a car model's gbm interval is its price band's (measured on all listings), not its own. */
export const MIN_ROWS_OWN_INTERVAL = 50;

export const gbm: PriceModelKind = {
  method: 'gbm',
  preference: 0,
  describe: {
    label: 'gbm',
    summary: 'gradient-boosted trees on the log price over all listings, the make and car model as out-of-fold target encodings',
    market: ({ gbm: trees }) => ({
      line:
        `gbm (all listings, ${trees.model.trees.length} trees), k-fold: MAPE ${percent(trees.metrics.mape)}, median APE ${percent(trees.metrics.medianApe)}, ` +
        `80% interval coverage ${percent(trees.interval.coverage)}`,
      bands: trees.interval,
    }),
  },
  carModel: {
    // The market-wide trees were cross-validated on every listing; these are the car model's rows of it.
    crossValidate: (cv) => ({ predictions: cv.market.gbm }),
    fit: () => null,
    predict: ({ market, entry, query }) => ({ value: treesPrice(market, query, entry.make, entry.carModel), newPriceUsed: null }),
    interval: (entry, market, value) => (entry.trainingRows < MIN_ROWS_OWN_INTERVAL ? bandInterval(market.gbm.interval, value) : null),
  },
};
