/**
 * Training: fits every method, compares them by deterministic
 * cross-validation and keeps, per car model, the one with the lowest CV MAPE,
 * with 80 % intervals calibrated on out-of-fold residuals. Same samples and
 * options give byte-identical JSON.
 *
 * - gbm: boosted trees on all listings (make and car model as encodings), k-fold CV;
 * - gbm-make: the same without the car model, cross-validated by leaving whole
 *   car models out, which is how it is used (car models without listings);
 * - pooled: the study's new-price model, where listings carry a new price;
 * - per car model, every kind of the registry (kinds/) that is fitted per
 *   car model: its own fits (linear, tree, blend), k-fold CV within its
 *   listings, and its rows of the market-wide ones.
 */
import { createHash } from 'node:crypto';
import { assignFolds, outOfFold } from './cv.js';
import { encodingTable, lookupEncodings, outOfFoldEncodings, tableToJson, type EncodingRow, type EncodingTable } from './encodings.js';
import { MAKE_FEATURES, MARKET_FEATURES, defaultReferenceYear, encodeFeatures, marketVector, type Encodings, type FeatureVector } from './features.js';
import { fitGbm, predictGbm, type GbmOptions } from './gbm.js';
import { priceFloor } from './floor.js';
import { bandFor, bandedInterval, errorMetricsWithMedian, leaveOutCoverage, median, relativeResiduals, residualInterval } from './metrics.js';
import { PRICE_MODELS, type CarModelCv, type CarModelKind, type KindCv, type PriceModelRegistry } from './kinds/index.js';
import { trainPooled, type PooledTraining } from './pooled.js';
import {
  CAR_MODEL_METHODS,
  FUELS,
  TRANSMISSIONS,
  type BoostedModel,
  type CandidateResult,
  type CarModelMethod,
  type CarModelPriceModel,
  type CvMetrics,
  type DataBasis,
  type IntervalSpec,
  type MarketPriceModel,
  type PriceSample,
  type StoredPriceModel,
  type TrainProgress,
  type TrainingRanges,
  type TypicalCar,
} from './types.js';

export interface TrainOptions {
  /** Year that counts as age 0; default: the newest model year in the samples. */
  referenceYear?: number;
  /** CV folds. Default 5. */
  folds?: number;
  /** Seed of the fold shuffles. Default 1. */
  seed?: number;
  /** Methods a car model may be given. Default: all. */
  methods?: readonly CarModelMethod[];
  /** Interval level. Default 0.8. */
  intervalLevel?: number;
  /** Price bands of the intervals. Default 5. */
  bands?: number;
  gbm?: GbmOptions;
  /** Mileage per year of the typical car of depreciation curves. Default 15 000 km. */
  mileageKmPerYear?: number;
  /** What the listings are; said with every estimate. */
  data?: DataBasis;
  onProgress?: TrainProgress;
  /** Receives the out-of-fold predictions, for evaluation reports (eval:price). */
  onOutOfFold?: (oof: OutOfFold) => void;
  /** The kinds compared per car model. Default: the engine's (PRICE_MODELS). */
  registry?: PriceModelRegistry;
}

/** Out-of-fold predictions (EUR) of every listing, in the trainer's canonical order. */
export interface OutOfFold {
  samples: PriceSample[];
  /**
   * The market-wide trees (gbm, gbm-make) for every row; per car-model kind,
   * where it was cross-validated for the row's car model (else null).
   */
  predictions: Record<CarModelMethod | 'gbm-make', (number | null)[]>;
  /** The method chosen for the row's car model, its prediction and its 80 % interval (EUR). */
  chosen: { method: CarModelMethod; prediction: number; low: number; high: number }[];
  /** gbm-make's 80 % interval of each row, as a car model never seen. */
  unseenInterval: { low: number; high: number }[];
}

export const DEFAULT_FOLDS = 5;
export const DEFAULT_SEED = 1;
export const DEFAULT_INTERVAL_LEVEL = 0.8;
export const DEFAULT_BANDS = 5;
export const DEFAULT_MILEAGE_KM_PER_YEAR = 15_000;
export { MIN_ROWS_OWN_FIT } from './kinds/own-fit.js';
export { MIN_ROWS_OWN_INTERVAL } from './kinds/gbm.js';

/**
 * Boosting settings: cross-validated on the market listings (see
 * training/pricing/README.md), and kept small enough that the whole
 * retrain stays well under a minute on two cores.
 */
export const DEFAULT_GBM: GbmOptions = { rounds: 300, learningRate: 0.1, maxLeaves: 48, minLeafRows: 10, l2: 5 };

/** Changes whenever the trainer would fit other models from the same rows: stored models of another trainer are retrained. */
export const TRAINER_REVISION = 'market-gbm-2';

export function trainerFingerprint(options: TrainOptions = {}): string {
  const { onProgress: _onProgress, data: _data, registry, ...rest } = options;
  // Another registry's kinds fit other models; the engine's own is the default and adds nothing.
  const kinds = registry && registry !== PRICE_MODELS ? { kinds: registry.kinds.map((kind) => kind.method) } : {};
  return createHash('sha256')
    .update(JSON.stringify({ revision: TRAINER_REVISION, gbm: DEFAULT_GBM, folds: DEFAULT_FOLDS, bands: DEFAULT_BANDS, rest, ...kinds }))
    .digest('hex')
    .slice(0, 16);
}

interface Row extends EncodingRow {
  sample: PriceSample;
  vector: FeatureVector;
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
  if (typeof sample.make !== 'string' || sample.make === '') bad('empty make');
  if (!Number.isInteger(sample.year)) bad('year is not an integer');
  if (!(sample.mileageKm >= 0)) bad('mileageKm must be >= 0');
  if (!(sample.powerHp > 0)) bad('powerHp must be > 0');
  if (!(sample.price > 0) || !Number.isFinite(sample.price)) bad('price must be > 0');
  if (sample.newPrice !== null && !(sample.newPrice > 0 && Number.isFinite(sample.newPrice))) bad('newPrice must be > 0');
  if (!FUELS.includes(sample.fuel)) bad(`unknown fuel ${String(sample.fuel)}`);
  if (!TRANSMISSIONS.includes(sample.transmission)) bad(`unknown transmission ${String(sample.transmission)}`);
}

type Variant = CarModelPriceModel['variants'][number];

/** Variants (fuel, gearbox, power) by count, most common first; ties go to the earlier fuel, gearbox, then lower power. */
export function variantsOf(rows: readonly PriceSample[]): Variant[] {
  const counts = new Map<string, Variant>();
  for (const row of rows) {
    const key = `${row.fuel}|${row.transmission}|${row.powerHp}`;
    const entry = counts.get(key) ?? { fuel: row.fuel, transmission: row.transmission, powerHp: row.powerHp, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      FUELS.indexOf(a.fuel) - FUELS.indexOf(b.fuel) ||
      TRANSMISSIONS.indexOf(a.transmission) - TRANSMISSIONS.indexOf(b.transmission) ||
      a.powerHp - b.powerHp,
  );
}

/** Variants kept per car model for the defaults of a partly described car. */
const STORED_VARIANTS = 30;

/** The most common variant of the rows. */
export function typicalCar(rows: readonly PriceSample[], mileageKmPerYear: number): TypicalCar {
  const [best] = variantsOf(rows);
  if (!best) throw new Error('typicalCar: no rows');
  return { ...best, of: rows.length, mileageKmPerYear };
}

/** [min, max] without spreading (large arrays overflow the argument stack). */
const span = (values: readonly number[]): [number, number] => [
  values.reduce((a, b) => Math.min(a, b)),
  values.reduce((a, b) => Math.max(a, b)),
];

export function trainingRanges(rows: readonly PriceSample[]): TrainingRanges {
  return {
    year: span(rows.map((r) => r.year)),
    mileageKm: span(rows.map((r) => r.mileageKm)),
    powerHp: span(rows.map((r) => r.powerHp)),
    fuels: FUELS.filter((fuel) => rows.some((r) => r.fuel === fuel)),
    transmissions: TRANSMISSIONS.filter((t) => rows.some((r) => r.transmission === t)),
  };
}

const floored = (value: number, newPrice: number | null): number => Math.max(value, priceFloor(newPrice));

function intervalOf(residuals: readonly number[], level: number, groups?: readonly string[]): IntervalSpec {
  const { low, high } = residualInterval(residuals, level);
  const coverage = leaveOutCoverage(residuals, level, groups);
  return { level, low, high, coverage: Number.isFinite(coverage) ? coverage : null };
}

function candidate(actual: readonly number[], predicted: readonly number[], level: number, hyper?: Record<string, number>): CandidateResult {
  const result: CandidateResult = {
    metrics: errorMetricsWithMedian(actual, predicted),
    interval: intervalOf(relativeResiduals(actual, predicted), level),
  };
  if (hyper) result.hyper = hyper;
  return result;
}

interface BoostOptions {
  gbm: GbmOptions;
  innerFolds: number;
  seed: number;
  referenceYear: number;
}

/** Out-of-fold predictions (EUR) of the boosted trees, with or without the car model. */
function boostedOutOfFold(
  rows: readonly Row[],
  folds: readonly number[],
  withCarModel: boolean,
  options: BoostOptions,
  tick: (label: string) => void,
): number[] {
  const foldCount = new Set(folds).size;
  let done = 0;
  return outOfFold(folds, (train, test) => {
    const fitted = fitBoosted(rows, train, withCarModel, options);
    const predicted = test.map((i) => {
      const encodings = lookupEncodings(fitted.table, rows[i].make, withCarModel ? rows[i].carModel : null);
      return floored(Math.exp(predictGbm(fitted.model, marketVector(rows[i].sample, encodings, withCarModel, options.referenceYear))), null);
    });
    tick(`${withCarModel ? 'gbm' : 'gbm-make'}: fold ${++done}/${foldCount}`);
    return predicted;
  });
}

/** Boosted trees on the rows at `indices`, each encoded out of fold; the table (from all of them) encodes new cars. */
function fitBoosted(
  rows: readonly Row[],
  indices: readonly number[],
  withCarModel: boolean,
  options: BoostOptions,
): { model: ReturnType<typeof fitGbm>; table: EncodingTable } {
  const encodings: Encodings[] = outOfFoldEncodings(rows, indices, options.innerFolds, options.seed + 7);
  const x = indices.map((i, k) => marketVector(rows[i].sample, encodings[k], withCarModel, options.referenceYear));
  const y = indices.map((i) => rows[i].logPrice);
  return { model: fitGbm(x, y, options.gbm), table: encodingTable(rows, indices) };
}

/** Scales tried for the MAPE-optimal multiplier of a boosted model's predictions. */
const SCALES = Array.from({ length: 25 }, (_, i) => 0.9 + i * 0.005);

/** The multiplier of `predicted` with the lowest MAPE (ties: the one closest to 1). */
export function mapeScale(actual: readonly number[], predicted: readonly number[]): number {
  const mapeAt = (scale: number): number => {
    let sum = 0;
    for (let i = 0; i < actual.length; i++) sum += Math.abs(predicted[i] * scale - actual[i]) / actual[i];
    return sum / actual.length;
  };
  let best = 1;
  let bestMape = mapeAt(1);
  for (const scale of SCALES) {
    const mape = mapeAt(scale);
    if (mape < bestMape - 1e-12 || (Math.abs(mape - bestMape) <= 1e-12 && Math.abs(scale - 1) < Math.abs(best - 1))) {
      best = scale;
      bestMape = mape;
    }
  }
  return Math.round(best * 1000) / 1000;
}

/** Folds that keep each car model whole: car models are shuffled (seeded) and dealt round-robin. */
export function carModelFolds(carModels: readonly string[], folds: number, seed: number): number[] {
  const names = [...new Set(carModels)].sort(compareStrings);
  const order = assignFolds(names.length, folds, seed);
  const foldOf = new Map(names.map((name, i) => [name, order[i] % folds]));
  return carModels.map((name) => foldOf.get(name)!);
}

/**
 * Fits and cross-validates every method and returns the stored models: the
 * market entry first (carModel null), then one entry per car model with
 * listings, sorted by car model key.
 */
export function trainPriceModels(samples: readonly PriceSample[], options: TrainOptions = {}): StoredPriceModel[] {
  if (samples.length < 2) throw new Error('trainPriceModels: need at least 2 samples');
  samples.forEach(checkSample);
  const folds = options.folds ?? DEFAULT_FOLDS;
  if (!Number.isInteger(folds) || folds < 2) throw new Error('trainPriceModels: folds must be an integer >= 2');
  const seed = options.seed ?? DEFAULT_SEED;
  const level = options.intervalLevel ?? DEFAULT_INTERVAL_LEVEL;
  const bandCount = options.bands ?? DEFAULT_BANDS;
  const allowed = options.methods ?? CAR_MODEL_METHODS;
  const gbm = options.gbm ?? DEFAULT_GBM;
  const mileageKmPerYear = options.mileageKmPerYear ?? DEFAULT_MILEAGE_KM_PER_YEAR;
  const sorted = [...samples].sort(compareSamples);
  const referenceYear = options.referenceYear ?? defaultReferenceYear(sorted.map((s) => s.year));
  const rows: Row[] = sorted.map((sample) => ({
    sample,
    make: sample.make,
    carModel: sample.carModel,
    logPrice: Math.log(sample.price),
    powerHp: sample.powerHp,
    vector: encodeFeatures(sample, referenceYear),
  }));
  const carModels = [...new Set(rows.map((r) => r.carModel))].sort(compareStrings);
  const byCarModel = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byCarModel.get(r.carModel);
    if (list) list.push(i);
    else byCarModel.set(r.carModel, [i]);
  });
  const pooledRows = rows.flatMap((r, i) => (r.sample.newPrice !== null ? [i] : []));

  const rowFolds = assignFolds(rows.length, folds, seed);
  const groupFolds = carModelFolds(
    rows.map((r) => r.carModel),
    folds,
    seed,
  );
  const realFolds = (assigned: readonly number[]) => new Set(assigned).size;
  const total = realFolds(rowFolds) + (carModels.length >= 2 ? realFolds(groupFolds) : 0) + 2 + carModels.length + (pooledRows.length > 0 ? 1 : 0);
  let done = 0;
  const tick = (label: string): void => {
    done += 1;
    options.onProgress?.(done, total, label);
  };
  const boostOptions: BoostOptions = { gbm, innerFolds: folds, seed, referenceYear };
  const actual = rows.map((r) => r.sample.price);

  // Market-wide boosted trees, k-fold; then without the car model, leaving car models out.
  const gbmOof = boostedOutOfFold(rows, rowFolds, true, boostOptions, tick);
  const makeOof = carModels.length >= 2 ? boostedOutOfFold(rows, groupFolds, false, boostOptions, tick) : null;
  const all = rows.map((_, i) => i);
  const finalGbm = fitBoosted(rows, all, true, boostOptions);
  tick('gbm: final fit');
  const finalMake = fitBoosted(rows, all, false, boostOptions);
  tick('gbm-make: final fit');
  const boosted = (fit: typeof finalGbm, features: readonly string[], raw: number[], groups: readonly number[]): BoostedModel => {
    const scale = mapeScale(actual, raw);
    const oof = raw.map((p) => p * scale);
    return {
      features: [...features],
      model: fit.model,
      scale,
      metrics: errorMetricsWithMedian(actual, oof),
      interval: bandedInterval(actual, oof, groups, level, bandCount),
    };
  };
  const gbmModel = boosted(finalGbm, MARKET_FEATURES, gbmOof, rowFolds);
  const makeModel = makeOof
    ? boosted(finalMake, MAKE_FEATURES, makeOof, groupFolds)
    : // One car model: no other to leave out, so the make model is measured like the row model.
      boosted(finalMake, MAKE_FEATURES, gbmOof, rowFolds);
  // From here on the out-of-fold predictions are the ones the stored models give: scaled.
  for (let i = 0; i < gbmOof.length; i++) gbmOof[i] *= gbmModel.scale;
  if (makeOof) for (let i = 0; i < makeOof.length; i++) makeOof[i] *= makeModel.scale;

  let pooled: PooledTraining | null = null;
  if (pooledRows.length > 0) {
    pooled = trainPooled(
      pooledRows.map((i) => ({ carModel: rows[i].carModel, price: rows[i].sample.price, newPrice: rows[i].sample.newPrice!, vector: rows[i].vector })),
      { folds: 10, seed, level },
    );
    tick('pooled: new-price model');
  }
  const pooledIndex = new Map(pooledRows.map((i, k) => [i, k]));

  const samplesOf = (indices: readonly number[]) => indices.map((i) => rows[i].sample);
  // Leave-one-car-model-out figures when there are several car models, else k-fold.
  const pooledFigures = (training: PooledTraining): { metrics: CvMetrics; interval: IntervalSpec } =>
    training.unseen ?? candidate(pooledRows.map((i) => actual[i]), training.plain, level);
  const table = tableToJson(finalGbm.table);
  const makes = [...new Set(rows.map((r) => r.make))].sort(compareStrings);
  const market: MarketPriceModel = {
    schemaVersion: 2,
    kind: 'market',
    carModel: null,
    trainer: trainerFingerprint(options),
    referenceYear,
    trainingRows: rows.length,
    data: options.data ?? { basis: 'listings', asOf: null },
    ranges: trainingRanges(sorted),
    global: table.global,
    makes: table.makes,
    carModels: table.carModels,
    gbm: gbmModel,
    gbmMake: makeModel,
    pooled: pooled ? { ...pooled.params, ...pooledFigures(pooled), carModels: pooled.carModels } : null,
    typical: typicalCar(sorted, mileageKmPerYear),
    typicalByMake: Object.fromEntries(
      makes.map((make) => [make, typicalCar(sorted.filter((s) => s.make === make), mileageKmPerYear)]),
    ),
  };

  const registry = options.registry ?? PRICE_MODELS;
  const byPreference = [...registry.carModelKinds].sort((a, b) => a.preference - b.preference);
  const models: StoredPriceModel[] = [market];
  const oofByKind = new Map(registry.carModelKinds.map((kind) => [kind.method, new Array<number | null>(rows.length).fill(null)]));
  const chosenOof: OutOfFold['chosen'] = new Array(rows.length);
  for (const carModel of carModels) {
    const indices = byCarModel.get(carModel)!;
    const own = indices.map((i) => rows[i]);
    const ownActual = own.map((r) => r.sample.price);
    // The pooled model's predictions stand for a car model only when every one of its listings has a new price.
    const pooledOf = (predictions: readonly number[] | undefined): number[] | null =>
      predictions && indices.every((i) => pooledIndex.has(i)) ? indices.map((i) => predictions[pooledIndex.get(i)!]) : null;
    const results = new Map<string, KindCv | null>();
    const crossValidated = (kind: CarModelKind): KindCv | null => {
      if (!results.has(kind.method)) results.set(kind.method, kind.carModel.crossValidate(cv));
      return results.get(kind.method)!;
    };
    const cv: CarModelCv = {
      samples: samplesOf(indices),
      vectors: own.map((r) => r.vector),
      logPrices: own.map((r) => r.logPrice),
      prices: ownActual,
      folds: assignFolds(own.length, folds, seed),
      market: { gbm: indices.map((i) => gbmOof[i]), pooled: pooledOf(pooled?.plain), pooledOffset: pooledOf(pooled?.offset) },
      outOfFold: (method) => crossValidated(registry.carModelKind(method))?.predictions ?? null,
    };
    const candidateOf = (kind: CarModelKind): CandidateResult | null => {
      const result = crossValidated(kind);
      return result && candidate(ownActual, result.predictions, level, result.hyper);
    };
    // The fallback's figures are kept even when it may not be chosen: it answers queries the chosen kind does not trust.
    const candidates = Object.fromEntries(
      registry.carModelKinds.map((kind) => [
        kind.method,
        allowed.includes(kind.method) || kind === registry.fallback ? candidateOf(kind) : null,
      ]),
    ) as Record<CarModelMethod, CandidateResult | null>;
    if (!candidates[registry.fallback.method]) throw new Error(`trainPriceModels: the fallback kind ${registry.fallback.method} does not apply to ${carModel}`);
    // Lowest CV MAPE among the allowed kinds; on a tie the kind preferred first stays.
    let chosen: CarModelKind | null = null;
    for (const kind of byPreference) {
      const result = candidates[kind.method];
      if (!result || !allowed.includes(kind.method)) continue;
      if (chosen === null || result.metrics.mape < candidates[chosen.method]!.metrics.mape) chosen = kind;
    }
    chosen ??= registry.fallback;
    const figures = candidates[chosen.method]!;
    const newPrices = own.map((r) => r.sample.newPrice).filter((p): p is number => p !== null);
    const entry: CarModelPriceModel = {
      schemaVersion: 2,
      kind: chosen.method,
      carModel,
      make: own[0].make,
      referenceYear,
      trainingRows: own.length,
      metrics: figures.metrics,
      interval: figures.interval,
      candidates,
      params: chosen.carModel.fit(cv, crossValidated(chosen)!),
      newPrice: newPrices.length > 0 ? median(newPrices) : null,
      pooledOffset: pooled?.offsets.get(carModel) ?? null,
      typical: typicalCar(cv.samples, mileageKmPerYear),
      variants: variantsOf(cv.samples).slice(0, STORED_VARIANTS),
      ranges: trainingRanges(cv.samples),
    };
    models.push(entry);
    if (options.onOutOfFold) {
      for (const [method, result] of results) {
        const column = oofByKind.get(method as CarModelMethod)!;
        indices.forEach((i, k) => (column[i] = result?.predictions[k] ?? null));
      }
      const kind = chosen;
      const predictions = results.get(kind.method)?.predictions;
      indices.forEach((i, k) => {
        const prediction = predictions?.[k] ?? gbmOof[i];
        const spec = kind.carModel.interval?.(entry, market, prediction) ?? entry.interval;
        chosenOof[i] = { method: kind.method, prediction, low: prediction * (1 + spec.low), high: prediction * (1 + spec.high) };
      });
    }
    tick(`${carModel}: ${own.length} listings`);
  }
  options.onOutOfFold?.({
    samples: sorted,
    predictions: { ...(Object.fromEntries(oofByKind) as Record<CarModelMethod, (number | null)[]>), gbm: gbmOof, 'gbm-make': makeOof ?? gbmOof },
    chosen: chosenOof,
    unseenInterval: (makeOof ?? gbmOof).map((p) => {
      const band = bandFor(makeModel.interval, p);
      return { low: p * (1 + band.low), high: p * (1 + band.high) };
    }),
  });
  return models;
}
