/**
 * The study's pooled model, trained on the listings that carry a new price
 * (the study's files do, the market file does not): one depreciation curve
 * and one set of equipment premiums for all car models, plus a shrunk
 * per-car-model offset. Cross-validated like every other method.
 */
import { assignFolds } from './cv.js';
import type { FeatureVector } from './features.js';
import { fitPooled, predictPooled, type PooledFit } from './fit-pooled.js';
import { priceFloor } from './floor.js';
import { errorMetrics, leaveOutCoverage, relativeResiduals, residualInterval } from './metrics.js';
import type { CvMetrics, IntervalSpec, PooledParams } from './types.js';

export const DEFAULT_PRIOR_STRENGTHS: readonly number[] = [0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export interface PooledRow {
  carModel: string;
  price: number;
  newPrice: number;
  vector: FeatureVector;
}

export interface PooledTraining {
  params: PooledParams;
  /** Out-of-fold predictions without / with the shrunk offset, aligned with the rows. */
  plain: number[];
  offset: number[];
  /** Final offset of each car model (all rows, chosen prior strength). */
  offsets: Map<string, number>;
  /** Leave-one-car-model-out figures: how it prices a car model it never saw. */
  unseen: { metrics: CvMetrics; interval: IntervalSpec } | null;
  carModels: string[];
}

const floored = (value: number, newPrice: number): number => Math.max(value, priceFloor(newPrice));

const predictAll = (fit: PooledFit, rows: readonly PooledRow[], indices: readonly number[]): number[] =>
  indices.map((i) => floored(predictPooled(fit.params, fit.features, rows[i].vector, rows[i].newPrice), rows[i].newPrice));

const fitOn = (rows: readonly PooledRow[], indices: readonly number[]): PooledFit =>
  fitPooled(
    indices.map((i) => rows[i].vector),
    indices.map((i) => rows[i].newPrice),
    indices.map((i) => rows[i].price),
  );

/** Sum and count of relative residuals per car model: its offset is sum / (n + k). */
function residualSums(rows: readonly PooledRow[], indices: readonly number[], predictions: readonly number[]) {
  const sums = new Map<string, { sum: number; n: number }>();
  indices.forEach((i, k) => {
    const entry = sums.get(rows[i].carModel) ?? { sum: 0, n: 0 };
    entry.sum += rows[i].price / predictions[k] - 1;
    entry.n += 1;
    sums.set(rows[i].carModel, entry);
  });
  return sums;
}

export function trainPooled(
  rows: readonly PooledRow[],
  options: { folds: number; seed: number; level: number; priorStrengths?: readonly number[] },
): PooledTraining {
  const priorStrengths = options.priorStrengths ?? DEFAULT_PRIOR_STRENGTHS;
  const n = rows.length;
  const all = rows.map((_, i) => i);
  const actual = rows.map((r) => r.price);
  const folds = assignFolds(n, options.folds, options.seed);
  const foldCount = Math.min(options.folds, n);
  const plain = new Array<number>(n);
  const withOffset = priorStrengths.map(() => new Array<number>(n));
  for (let fold = 0; fold < foldCount; fold++) {
    const train = all.filter((i) => folds[i] !== fold);
    const test = all.filter((i) => folds[i] === fold);
    if (train.length === 0 || test.length === 0) continue;
    const fit = fitOn(rows, train);
    const sums = residualSums(rows, train, predictAll(fit, rows, train));
    predictAll(fit, rows, test).forEach((predicted, t) => {
      const i = test[t];
      plain[i] = predicted;
      const own = sums.get(rows[i].carModel) ?? { sum: 0, n: 0 };
      priorStrengths.forEach((k, g) => {
        const offset = own.n + k > 0 ? own.sum / (own.n + k) : 0;
        withOffset[g][i] = floored(predicted * (1 + offset), rows[i].newPrice);
      });
    });
  }
  // Prior strength by CV; on a tie the larger k (more shrinkage) wins.
  let best = 0;
  priorStrengths.forEach((_, g) => {
    if (errorMetrics(actual, withOffset[g]).mape <= errorMetrics(actual, withOffset[best]).mape) best = g;
  });

  const carModels = [...new Set(rows.map((r) => r.carModel))].sort();
  let unseen: PooledTraining['unseen'] = null;
  if (carModels.length >= 2) {
    const predicted = new Array<number>(n);
    for (const carModel of carModels) {
      const train = all.filter((i) => rows[i].carModel !== carModel);
      const test = all.filter((i) => rows[i].carModel === carModel);
      predictAll(fitOn(rows, train), rows, test).forEach((p, t) => (predicted[test[t]] = p));
    }
    const residuals = relativeResiduals(actual, predicted);
    const coverage = leaveOutCoverage(residuals, options.level, rows.map((r) => r.carModel));
    unseen = {
      metrics: errorMetrics(actual, predicted),
      interval: { level: options.level, ...residualInterval(residuals, options.level), coverage: Number.isFinite(coverage) ? coverage : null },
    };
  }

  const fit = fitOn(rows, all);
  const offsets = new Map<string, number>();
  const k = priorStrengths[best];
  for (const [carModel, { sum, n: count }] of residualSums(rows, all, predictAll(fit, rows, all))) {
    offsets.set(carModel, count + k > 0 ? sum / (count + k) : 0);
  }
  return {
    params: { ...fit.params, features: fit.features, offsetPriorStrength: k },
    plain,
    offset: withOffset[best],
    offsets,
    unseen,
    carModels,
  };
}

export function predictPooledPrice(params: PooledParams, vector: FeatureVector, newPrice: number): number {
  return predictPooled(params, params.features, vector, newPrice);
}
