/** gbm-make-new-price: the make-level trees' depreciation applied to a new price the caller gives. */
import type { PriceModelKind } from './kind.js';
import { bandInterval, treesPrice } from './market-trees.js';

export const gbmMakeNewPrice: PriceModelKind = {
  method: 'gbm-make-new-price',
  preference: 6,
  describe: {
    label: 'gbm-make-new-price',
    summary: "gbm-make's depreciation from a nearly new car of the make, applied to the new price the caller gives",
  },
  unseen: {
    predict: ({ market, query, make }) => {
      if (query.newPrice === null) return null;
      const asNew = treesPrice(market, { ...query, year: market.referenceYear, mileageKm: 0 }, make, null);
      const value = (query.newPrice * treesPrice(market, query, make, null)) / asNew;
      return { value, newPriceUsed: query.newPrice, interval: bandInterval(market.gbmMake.interval, value), expectedError: market.gbmMake.metrics.mape };
    },
  },
};
