/** gbm-make: the boosted trees without the car model, for car models without listings (measured by leaving whole car models out). */
import { percent } from '../format.js';
import type { PriceModelKind } from './kind.js';
import { bandInterval, treesPrice } from './market-trees.js';

export const gbmMake: PriceModelKind = {
  method: 'gbm-make',
  preference: 7,
  describe: {
    label: 'gbm-make',
    summary: 'the boosted trees without the car model (make, year, mileage, power, fuel, gearbox), for car models without listings',
    market: ({ gbmMake: trees }) => ({
      line:
        `gbm-make (car models left out whole): MAPE ${percent(trees.metrics.mape)}, median APE ${percent(trees.metrics.medianApe)}, ` +
        `coverage ${percent(trees.interval.coverage)}`,
      bands: trees.interval,
    }),
  },
  unseen: {
    predict: ({ market, query, make }) => {
      if (make === null) return null;
      const value = treesPrice(market, query, make, null);
      return { value, newPriceUsed: null, interval: bandInterval(market.gbmMake.interval, value), expectedError: market.gbmMake.metrics.mape };
    },
  },
};
