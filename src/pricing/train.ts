/**
 * Training: fits every method, compares them by deterministic
 * cross-validation and keeps, per car model, the one with the lowest CV MAPE,
 * with an 80 % interval from its CV residuals. Same samples and options give
 * byte-identical JSON.
 */
import { assignFolds, outOfFold } from './cv.js';
import { defaultReferenceYear, encodeFeatures, type FeatureVector } from './features.js';
import { fitLinear, predictLinear } from './fit-linear.js';
import { fitPooled, predictPooled, type PooledFit } from './fit-pooled.js';
import { TREE_GRID, fitTree, predictTree, type TreeHyper } from './fit-tree.js';
import { priceFloor } from './floor.js';
import { errorMetrics, leaveOutCoverage, median, relativeResiduals, residualInterval } from './metrics.js';
import {
  FUELS,
  PRICE_METHODS,
  TRANSMISSIONS,
  type CandidateResult,
  type CarModelPriceModel,
  type Fuel,
  type IntervalSpec,
  type PooledPriceModel,
  type PriceMethod,
  type PriceSample,
  type StoredPriceModel,
  type TrainProgress,
  type Transmission,
  type TypicalCar,
} from './types.js';

export interface TrainOptions {
  /** Year that counts as age 0; default: the newest model year in the samples. Pass the training year from the CLI. */
  referenceYear?: number;
  /** Maximum number of CV folds; sets of this many rows or fewer use leave-one-out. Default 10. */
  folds?: number;
  /** Seed of the fold shuffle. Default 1. */
  seed?: number;
  /**
   * Methods to compare and choose from, per car model. Default: all. The
   * pooled model itself is always trained (car models without listings need it).
   */
  methods?: readonly PriceMethod[];
  /** Interval level. Default 0.8. */
  intervalLevel?: number;
  /** Candidate prior strengths k of the per-car-model offset. */
  priorStrengths?: readonly number[];
  /** Mileage per year of the "typical" car of depreciation curves. Default 15 000 km. */
  mileageKmPerYear?: number;
  onProgress?: TrainProgress;
}

export const DEFAULT_FOLDS = 10;
export const DEFAULT_SEED = 1;
export const DEFAULT_INTERVAL_LEVEL = 0.8;
export const DEFAULT_PRIOR_STRENGTHS: readonly number[] = [0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
export const DEFAULT_MILEAGE_KM_PER_YEAR = 15_000;
/** A car model needs this many listings for fits of its own (linear, tree). */
export const MIN_ROWS_OWN_FIT = 5;
/** Below this many listings a car model's pooled interval borrows the residuals of all car models. */
export const MIN_ROWS_OWN_INTERVAL = 10;

interface Row {
  sample: PriceSample;
  vector: FeatureVector;
  /** The row's new price, else its car model's median new price, else null. */
  newPrice: number | null;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical order, so the output does not depend on the order rows were read in. */
function compareSamples(a: PriceSample, b: PriceSample): number {
  return (
    compareStrings(a.carModel, b.carModel) ||
    a.year - b.year ||
    a.mileageKm - b.mileageKm ||
    compareStrings(a.fuel, b.fuel) ||
    compareStrings(a.transmission, b.transmission) ||
    a.powerHp - b.powerHp ||
    (a.newPrice ?? -1) - (b.newPrice ?? -1) ||
    a.price - b.price
  );
}

function checkSample(sample: PriceSample, index: number): void {
  const bad = (what: string): never => {
    throw new Error(`trainPriceModels: sample ${index} (${sample.carModel}): ${what}`);
  };
  if (typeof sample.carModel !== 'string' || sample.carModel === '') bad('empty carModel');
  if (!Number.isInteger(sample.year)) bad('year is not an integer');
  if (!(sample.mileageKm >= 0)) bad('mileageKm must be >= 0');
  if (!(sample.powerHp > 0)) bad('powerHp must be > 0');
  if (!(sample.price > 0) || !Number.isFinite(sample.price)) bad('price must be > 0');
  if (sample.newPrice !== null && !(sample.newPrice > 0 && Number.isFinite(sample.newPrice))) bad('newPrice must be > 0');
  if (!FUELS.includes(sample.fuel)) bad(`unknown fuel ${String(sample.fuel)}`);
  if (!TRANSMISSIONS.includes(sample.transmission)) bad(`unknown transmission ${String(sample.transmission)}`);
}

function mostCommon<T extends string>(values: readonly T[], order: readonly T[]): T {
  // Ties go to the earlier value of `order`, never to input order.
  let best = order[0];
  let bestCount = -1;
  for (const value of order) {
    const count = values.filter((v) => v === value).length;
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function typicalCar(rows: readonly Row[], mileageKmPerYear: number): TypicalCar {
  return {
    fuel: mostCommon<Fuel>(rows.map((r) => r.sample.fuel), FUELS),
    transmission: mostCommon<Transmission>(rows.map((r) => r.sample.transmission), TRANSMISSIONS),
    powerHp: median(rows.map((r) => r.sample.powerHp)),
    mileageKmPerYear,
  };
}

function intervalOf(residuals: readonly number[], level: number, coverage: number): IntervalSpec {
  const { low, high } = residualInterval(residuals, level);
  // NaN would turn into null through JSON anyway; store null explicitly.
  return { level, low, high, coverage: Number.isFinite(coverage) ? coverage : null };
}

/** CV figures and interval of out-of-fold predictions. */
function candidate(actual: number[], predicted: number[], level: number, hyper?: TreeHyper): CandidateResult {
  const residuals = relativeResiduals(actual, predicted);
  const result: CandidateResult = {
    metrics: errorMetrics(actual, predicted),
    interval: intervalOf(residuals, level, leaveOutCoverage(residuals, level)),
  };
  if (hyper) result.hyper = { maxDepth: hyper.maxDepth, minNumSamples: hyper.minNumSamples };
  return result;
}

/** [min, max] without spreading (large arrays overflow the argument stack). */
const span = (values: readonly number[]): [number, number] => [
  values.reduce((a, b) => Math.min(a, b)),
  values.reduce((a, b) => Math.max(a, b)),
];

const floored = (value: number, newPrice: number | null): number => Math.max(value, priceFloor(newPrice));

/** Linear and tree fits on one car model's own listings, cross-validated. */
function ownCandidates(
  rows: readonly Row[],
  newPrice: number | null,
  folds: number[],
  level: number,
  allowed: readonly PriceMethod[],
): { linear: CandidateResult | null; tree: CandidateResult | null; treeHyper: TreeHyper | null } {
  if (rows.length < MIN_ROWS_OWN_FIT) return { linear: null, tree: null, treeHyper: null };
  const actual = rows.map((r) => r.sample.price);
  const vectors = rows.map((r) => r.vector);
  const linearOof = !allowed.includes('linear')
    ? null
    : outOfFold(folds, (train, test) => {
        const fit = fitLinear(
          train.map((i) => vectors[i]),
          train.map((i) => actual[i]),
        );
        return test.map((i) => floored(predictLinear(fit.params, fit.features, vectors[i]), newPrice));
      });

  let bestTree: { hyper: TreeHyper; predictions: number[]; mape: number } | null = null;
  for (const hyper of allowed.includes('tree') ? TREE_GRID : []) {
    const predictions = outOfFold(folds, (train, test) => {
      const fit = fitTree(
        train.map((i) => vectors[i]),
        train.map((i) => actual[i]),
        hyper,
      );
      return test.map((i) => floored(predictTree(fit.params, fit.features, vectors[i]), newPrice));
    });
    const { mape } = errorMetrics(actual, predictions);
    if (!bestTree || mape < bestTree.mape) bestTree = { hyper, predictions, mape };
  }
  return {
    linear: linearOof ? candidate(actual, linearOof, level) : null,
    tree: bestTree ? candidate(actual, bestTree.predictions, level, bestTree.hyper) : null,
    treeHyper: bestTree ? bestTree.hyper : null,
  };
}

interface PooledEvaluation {
  fit: PooledFit;
  /** Out-of-fold predictions without / with the shrunk offset, per pooled row. */
  plain: number[];
  offset: number[];
  priorStrength: number;
  /** Final per-car-model offsets (all rows, chosen k). */
  offsets: Map<string, number>;
  cv: CandidateResult;
  /** Leave-one-car-model-out predictions (null with a single car model). */
  unseen: number[] | null;
}

/** Floored like estimate() floors them, which also keeps relative residuals finite. */
const pooledPredictions = (fit: PooledFit, rows: readonly Row[], indices: readonly number[]): number[] =>
  indices.map((i) =>
    floored(predictPooled(fit.params, fit.features, rows[i].vector, rows[i].newPrice!), rows[i].newPrice),
  );

const fitOn = (rows: readonly Row[], indices: readonly number[]): PooledFit =>
  fitPooled(
    indices.map((i) => rows[i].vector),
    indices.map((i) => rows[i].newPrice!),
    indices.map((i) => rows[i].sample.price),
  );

/**
 * Empirical-Bayes offset of each car model: its mean relative residual,
 * shrunk toward 0 as sum / (n + k), so a car model with few listings stays
 * close to the pooled model.
 */
function residualSums(
  rows: readonly Row[],
  indices: readonly number[],
  predictions: readonly number[],
): Map<string, { sum: number; n: number }> {
  const sums = new Map<string, { sum: number; n: number }>();
  indices.forEach((i, k) => {
    const entry = sums.get(rows[i].sample.carModel) ?? { sum: 0, n: 0 };
    entry.sum += rows[i].sample.price / predictions[k] - 1;
    entry.n += 1;
    sums.set(rows[i].sample.carModel, entry);
  });
  return sums;
}

function evaluatePooled(
  rows: readonly Row[],
  options: { folds: number; seed: number; level: number; priorStrengths: readonly number[] },
  tick: (label: string) => void,
): PooledEvaluation {
  const n = rows.length;
  const all = rows.map((_, i) => i);
  const actual = rows.map((r) => r.sample.price);
  const floorOf = (i: number): number => priceFloor(rows[i].newPrice);
  const folds = assignFolds(n, options.folds, options.seed);
  const foldCount = span(folds)[1] + 1;
  const plain = new Array<number>(n);
  const withOffset = options.priorStrengths.map(() => new Array<number>(n));
  for (let fold = 0; fold < foldCount; fold++) {
    const train = all.filter((i) => folds[i] !== fold);
    const test = all.filter((i) => folds[i] === fold);
    const fit = fitOn(rows, train);
    const sums = residualSums(rows, train, pooledPredictions(fit, rows, train));
    const predicted = pooledPredictions(fit, rows, test);
    test.forEach((i, t) => {
      plain[i] = predicted[t];
      const own = sums.get(rows[i].sample.carModel) ?? { sum: 0, n: 0 };
      options.priorStrengths.forEach((k, g) => {
        const offset = own.n + k > 0 ? own.sum / (own.n + k) : 0;
        withOffset[g][i] = Math.max(predicted[t] * (1 + offset), floorOf(i));
      });
    });
    tick(`pooled model: fold ${fold + 1}/${foldCount}`);
  }

  // Prior strength k by CV; on a tie the larger k (more shrinkage) wins.
  let best = 0;
  options.priorStrengths.forEach((_, g) => {
    if (errorMetrics(actual, withOffset[g]).mape <= errorMetrics(actual, withOffset[best]).mape) best = g;
  });
  const priorStrength = options.priorStrengths[best];

  const carModels = [...new Set(rows.map((r) => r.sample.carModel))].sort(compareStrings);
  let unseen: number[] | null = null;
  if (carModels.length >= 2) {
    unseen = new Array<number>(n);
    for (const carModel of carModels) {
      const train = all.filter((i) => rows[i].sample.carModel !== carModel);
      const test = all.filter((i) => rows[i].sample.carModel === carModel);
      const predicted = pooledPredictions(fitOn(rows, train), rows, test);
      test.forEach((i, t) => (unseen![i] = predicted[t]));
      tick(`pooled model: without ${carModel}`);
    }
  }

  const fit = fitOn(rows, all);
  const offsets = new Map<string, number>();
  for (const [carModel, { sum, n: count }] of residualSums(rows, all, pooledPredictions(fit, rows, all))) {
    offsets.set(carModel, count + priorStrength > 0 ? sum / (count + priorStrength) : 0);
  }
  tick('pooled model: final fit');
  return {
    fit,
    plain,
    offset: withOffset[best],
    priorStrength,
    offsets,
    cv: candidate(actual, plain, options.level),
    unseen,
  };
}

/**
 * A car model's candidate from pooled out-of-fold predictions. With few
 * listings its own residual quantiles are too noisy, so the interval comes
 * from all car models' residuals, and its coverage is measured on its own rows
 * against an interval built without them.
 */
function pooledCandidate(
  rows: readonly Row[],
  indices: readonly number[],
  predictions: readonly number[],
  level: number,
): CandidateResult {
  const actual = indices.map((i) => rows[i].sample.price);
  const own = indices.map((i) => predictions[i]);
  if (indices.length >= MIN_ROWS_OWN_INTERVAL) return candidate(actual, own, level);
  const mine = new Set(indices);
  const allResiduals = relativeResiduals(
    rows.map((r) => r.sample.price),
    predictions,
  );
  const others = allResiduals.filter((_, i) => !mine.has(i));
  const ownResiduals = relativeResiduals(actual, own);
  const outside = residualInterval(others, level);
  const inside = ownResiduals.filter((r) => r >= outside.low && r <= outside.high).length;
  const coverage = others.length > 0 ? inside / ownResiduals.length : Number.NaN;
  return { metrics: errorMetrics(actual, own), interval: intervalOf(allResiduals, level, coverage) };
}

/**
 * Fits and cross-validates every method and returns the stored models: the
 * pooled model first (carModel null), then one entry per car model with
 * listings, sorted by car model key. A car model with fewer than
 * MIN_ROWS_OWN_FIT listings and no new price gets no entry.
 */
export function trainPriceModels(samples: readonly PriceSample[], options: TrainOptions = {}): StoredPriceModel[] {
  if (samples.length === 0) throw new Error('trainPriceModels: no samples');
  samples.forEach(checkSample);
  const maxFolds = options.folds ?? DEFAULT_FOLDS;
  if (!Number.isInteger(maxFolds) || maxFolds < 2) throw new Error('trainPriceModels: folds must be an integer >= 2');
  const seed = options.seed ?? DEFAULT_SEED;
  const level = options.intervalLevel ?? DEFAULT_INTERVAL_LEVEL;
  const priorStrengths = options.priorStrengths ?? DEFAULT_PRIOR_STRENGTHS;
  const allowed = options.methods ?? PRICE_METHODS;
  const mileageKmPerYear = options.mileageKmPerYear ?? DEFAULT_MILEAGE_KM_PER_YEAR;
  const sorted = [...samples].sort(compareSamples);
  const referenceYear = options.referenceYear ?? defaultReferenceYear(sorted.map((s) => s.year));

  const carModels = [...new Set(sorted.map((s) => s.carModel))].sort(compareStrings);
  const referenceNewPrice = new Map<string, number | null>();
  for (const carModel of carModels) {
    const known = sorted.filter((s) => s.carModel === carModel && s.newPrice !== null).map((s) => s.newPrice!);
    referenceNewPrice.set(carModel, known.length > 0 ? median(known) : null);
  }
  const rows: Row[] = sorted.map((sample) => ({
    sample,
    vector: encodeFeatures(sample, referenceYear),
    newPrice: sample.newPrice ?? referenceNewPrice.get(sample.carModel) ?? null,
  }));
  const pooledRows = rows.filter((r) => r.newPrice !== null);
  const pooledCarModels = new Set(pooledRows.map((r) => r.sample.carModel));

  const pooledFolds = pooledRows.length > 0 ? Math.min(maxFolds, pooledRows.length) : 0;
  // Progress units: each pooled fold, each left-out car model, the final pooled fit, each car model.
  const unseenFolds = pooledCarModels.size >= 2 ? pooledCarModels.size : 0;
  const total = carModels.length + (pooledRows.length > 0 ? pooledFolds + unseenFolds + 1 : 0);
  let done = 0;
  const tick = (label: string): void => {
    done += 1;
    options.onProgress?.(done, total, label);
  };

  const pooled =
    pooledRows.length > 0 ? evaluatePooled(pooledRows, { folds: maxFolds, seed, level, priorStrengths }, tick) : null;

  const models: StoredPriceModel[] = [];
  if (pooled) {
    const groups = pooledRows.map((r) => r.sample.carModel);
    const actual = pooledRows.map((r) => r.sample.price);
    const unseenResiduals = pooled.unseen ? relativeResiduals(actual, pooled.unseen) : null;
    const entry: PooledPriceModel = {
      schemaVersion: 1,
      kind: 'pooled',
      carModel: null,
      referenceYear,
      features: pooled.fit.features,
      params: pooled.fit.params,
      trainingRows: pooledRows.length,
      metrics: pooled.unseen ? errorMetrics(actual, pooled.unseen) : pooled.cv.metrics,
      interval:
        unseenResiduals !== null
          ? intervalOf(unseenResiduals, level, leaveOutCoverage(unseenResiduals, level, groups))
          : pooled.cv.interval,
      cv: pooled.cv.metrics,
      leaveOneCarModelOut: pooled.unseen !== null,
      offsetPriorStrength: pooled.priorStrength,
      carModels: [...pooledCarModels].sort(compareStrings),
      typical: typicalCar(pooledRows, mileageKmPerYear),
    };
    models.push(entry);
  }

  for (const carModel of carModels) {
    const own = rows.filter((r) => r.sample.carModel === carModel);
    const newPrice = referenceNewPrice.get(carModel) ?? null;
    const folds = assignFolds(own.length, maxFolds, seed);
    const fits = ownCandidates(own, newPrice, folds, level, allowed);
    const pooledIndices = pooled ? pooledRows.flatMap((r, i) => (r.sample.carModel === carModel ? [i] : [])) : [];
    const pooledFor = (method: PriceMethod, predictions: number[] | undefined): CandidateResult | null =>
      predictions && pooledIndices.length > 0 && allowed.includes(method)
        ? pooledCandidate(pooledRows, pooledIndices, predictions, level)
        : null;
    const candidates: Record<PriceMethod, CandidateResult | null> = {
      linear: fits.linear,
      tree: fits.tree,
      pooled: pooledFor('pooled', pooled?.plain),
      'pooled-offset': pooledFor('pooled-offset', pooled?.offset),
    };
    tick(`${carModel}: ${own.length} listings`);

    // Lowest CV MAPE; on a tie the simpler method, earlier in this list, stays.
    let chosen: PriceMethod | null = null;
    for (const method of ['pooled', 'pooled-offset', 'linear', 'tree'] as const) {
      const result = candidates[method];
      if (!result) continue;
      if (chosen === null || result.metrics.mape < candidates[chosen]!.metrics.mape) chosen = method;
    }
    if (chosen === null) continue;

    const head = { schemaVersion: 1 as const, carModel };
    const common = {
      referenceYear,
      trainingRows: own.length,
      metrics: candidates[chosen]!.metrics,
      interval: candidates[chosen]!.interval,
      newPrice,
      pooledOffset: pooled && pooledCarModels.has(carModel) ? (pooled.offsets.get(carModel) ?? 0) : null,
      candidates,
      typical: typicalCar(own, mileageKmPerYear),
      ranges: {
        year: span(own.map((r) => r.sample.year)),
        mileageKm: span(own.map((r) => r.sample.mileageKm)),
        fuels: FUELS.filter((fuel) => own.some((r) => r.sample.fuel === fuel)),
        transmissions: TRANSMISSIONS.filter((t) => own.some((r) => r.sample.transmission === t)),
      },
    };
    const vectors = own.map((r) => r.vector);
    const prices = own.map((r) => r.sample.price);
    let entry: CarModelPriceModel;
    if (chosen === 'linear') {
      const fit = fitLinear(vectors, prices);
      entry = { ...head, kind: 'linear', features: fit.features, params: fit.params, ...common };
    } else if (chosen === 'tree') {
      const fit = fitTree(vectors, prices, fits.treeHyper!);
      entry = { ...head, kind: 'tree', features: fit.features, params: fit.params, ...common };
    } else {
      entry = { ...head, kind: chosen, features: pooled!.fit.features, params: null, ...common };
    }
    models.push(entry);
  }
  return models;
}
