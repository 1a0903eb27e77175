/** tree: one regression tree on the log price of one car model's listings, its size chosen by cross-validation. */
import { errorMetricsWithMedian } from '../metrics.js';
import { TREE_GRID, fitTree, predictTree, type TreeHyper } from '../fit-tree.js';
import type { TreeParams } from '../types.js';
import type { PriceModelKind } from './kind.js';
import { MIN_ROWS_OWN_FIT, ownOutOfFold, withinListings } from './own-fit.js';

export const tree: PriceModelKind = {
  method: 'tree',
  preference: 5,
  describe: {
    label: 'tree',
    summary: "one regression tree on the log price of the car model's own listings, its size cross-validated",
  },
  carModel: {
    crossValidate: (cv) => {
      if (cv.prices.length < MIN_ROWS_OWN_FIT) return null;
      let best: { hyper: TreeHyper; predictions: number[]; mape: number } | null = null;
      for (const hyper of TREE_GRID) {
        const predictions = ownOutOfFold(cv, (train, test) => {
          const params = fitTree(
            train.map((i) => cv.vectors[i]),
            train.map((i) => cv.logPrices[i]),
            hyper,
          );
          return test.map((i) => predictTree(params, cv.vectors[i]));
        });
        const { mape } = errorMetricsWithMedian(cv.prices, predictions);
        if (!best || mape < best.mape) best = { hyper, predictions, mape };
      }
      return best && { predictions: best.predictions, hyper: { ...best.hyper } };
    },
    fit: (cv, result) => fitTree(cv.vectors, cv.logPrices, { maxLeaves: result.hyper!.maxLeaves, minLeafRows: result.hyper!.minLeafRows }),
    predict: ({ entry, query, vector }) =>
      withinListings(entry, query) ? { value: Math.exp(predictTree(entry.params as TreeParams, vector)), newPriceUsed: null } : null,
  },
};
