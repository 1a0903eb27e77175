/**
 * Types of the pricing engine: training rows, queries, the stored (JSON) form
 * of fitted models and the estimate returned to callers.
 *
 * Ratios and error figures (MAPE, quantiles, coverage) are fractions
 * (0.012 = 1.2 %); money is EUR.
 */

export type Fuel = 'PETROL' | 'DIESEL' | 'HYBRID' | 'ELECTRIC' | 'LPG';
export type Transmission = 'MANUAL' | 'AUTOMATIC';

export const FUELS: readonly Fuel[] = ['PETROL', 'DIESEL', 'HYBRID', 'ELECTRIC', 'LPG'];
export const TRANSMISSIONS: readonly Transmission[] = ['MANUAL', 'AUTOMATIC'];

/** What a caller asks for. `carModel` null: a car whose model is unknown. */
export interface PriceQuery {
  carModel: string | null;
  /** Model year. */
  year: number;
  mileageKm: number;
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  /** New price (EUR) of the car model, when known; required for a car model without listings. */
  newPrice: number | null;
}

/** One used-car listing: a query of a known car model, with its price. */
export interface PriceSample extends PriceQuery {
  /** Catalog key of the car model. */
  carModel: string;
  /** Used price (EUR): the target. */
  price: number;
}

/**
 * The fitting methods compared per car model:
 * - linear: OLS on this car model's listings, price in EUR;
 * - tree: CART regression tree on this car model's listings, price in EUR;
 * - pooled: the model shared by all car models (price / newPrice), no offset;
 * - pooled-offset: the pooled model times (1 + a shrunk per-car-model offset).
 */
export type PriceMethod = 'linear' | 'tree' | 'pooled' | 'pooled-offset';
export const PRICE_METHODS: readonly PriceMethod[] = ['linear', 'tree', 'pooled', 'pooled-offset'];

/** Out-of-sample error figures (cross-validation). */
export interface CvMetrics {
  /** Rows the figures were measured on. */
  rows: number;
  /** Mean absolute error, EUR. */
  mae: number;
  /** Mean absolute percentage error, as a fraction. */
  mape: number;
  /** Root mean squared error, EUR. */
  rmse: number;
}

/**
 * 80 % prediction interval: the 10 % / 90 % quantiles of the relative
 * cross-validation residuals (actual / predicted - 1), so that it scales with
 * the price: [amount * (1 + low), amount * (1 + high)].
 */
export interface IntervalSpec {
  level: number;
  low: number;
  high: number;
  /**
   * Share of cross-validated prices inside their interval, each interval built
   * from the residuals of the other rows (of the other car models for the
   * pooled model's unseen-car-model interval), so it is measured out of sample.
   * Null when there were too few rows to measure it.
   */
  coverage: number | null;
}

export interface CandidateResult {
  metrics: CvMetrics;
  interval: IntervalSpec;
  /** Hyper-parameters chosen by cross-validation (tree depth, leaf size). */
  hyper?: Record<string, number>;
}

export interface LinearParams {
  intercept: number;
  /** Aligned with the model's `features`. */
  coefficients: number[];
}

export interface TreeParams {
  maxDepth: number;
  minNumSamples: number;
  /** ml-cart DecisionTreeRegression#toJSON(), as plain JSON. */
  tree: unknown;
}

/**
 * The pooled model, on price / newPrice:
 *   price = (newPrice + premium) * depreciation
 *   depreciation = intercept + age * perYear + mileageKm / 100 000 * per100kKm
 *   premium (EUR) = base + sum of premiumsEur[feature] * feature value
 * Equipment (gearbox, fuel, power) is worth a fixed amount of euros whatever
 * the car model, and the whole car loses value with age and mileage; this
 * fits the listings far better than a linear model on the ratio alone.
 */
export interface PooledParams {
  depreciation: { intercept: number; perYear: number; per100kKm: number };
  /** Constant premium, EUR (absorbs the zero point of the power feature). */
  baseEur: number;
  /** Premium per unit of each feature in `features`, EUR. */
  premiumsEur: number[];
}

/** Typical listing of a car model: defaults for the depreciation curve. */
export interface TypicalCar {
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  mileageKmPerYear: number;
}

/** What a car model's listings cover; its own fits are trusted only inside. */
export interface TrainingRanges {
  year: [number, number];
  mileageKm: [number, number];
  fuels: Fuel[];
  transmissions: Transmission[];
}

interface StoredModelBase {
  schemaVersion: 1;
  /** Age = referenceYear - model year (fixed at training, never the clock). */
  referenceYear: number;
  /** Names of the inputs, in the order of the params (see features.ts). */
  features: string[];
  trainingRows: number;
  /** Cross-validated figures of this entry's method. */
  metrics: CvMetrics;
  interval: IntervalSpec;
}

/** The model shared by all car models; used directly for car models without listings. */
export interface PooledPriceModel extends StoredModelBase {
  kind: 'pooled';
  carModel: null;
  params: PooledParams;
  /** k-fold cross-validation over all listings (car models seen in training). */
  cv: CvMetrics;
  /**
   * `metrics` and `interval` of this entry are leave-one-car-model-out: the
   * error on a car model none of whose listings were used, i.e. how it is used.
   */
  leaveOneCarModelOut: boolean;
  /** Prior strength k of the per-car-model offset: offset = sum(r) / (n + k). */
  offsetPriorStrength: number;
  /** Car models whose listings trained it. */
  carModels: string[];
  typical: TypicalCar;
}

interface CarModelBase extends StoredModelBase {
  carModel: string;
  /** Median new price of the car model's listings (EUR), when known. */
  newPrice: number | null;
  /** Shrunk relative offset of this car model against the pooled model. */
  pooledOffset: number | null;
  /** Every compared method with its CV figures; null where not applicable. */
  candidates: Record<PriceMethod, CandidateResult | null>;
  typical: TypicalCar;
  ranges: TrainingRanges;
}

export interface LinearPriceModel extends CarModelBase {
  kind: 'linear';
  params: LinearParams;
}

export interface TreePriceModel extends CarModelBase {
  kind: 'tree';
  params: TreeParams;
}

/** Chosen method lives in the pooled entry (plus `pooledOffset` for 'pooled-offset'). */
export interface PooledChoicePriceModel extends CarModelBase {
  kind: 'pooled' | 'pooled-offset';
  params: null;
}

export type CarModelPriceModel = LinearPriceModel | TreePriceModel | PooledChoicePriceModel;

/** Serializable (JSON) fitted model: one pooled entry plus one per car model with listings. */
export type StoredPriceModel = PooledPriceModel | CarModelPriceModel;

export interface PriceEstimate {
  /** Estimated price, EUR (whole euros, never below the floor). */
  amount: number;
  /** 80 % interval, EUR; low <= amount <= high. */
  low: number;
  high: number;
  currency: 'EUR';
  intervalLevel: number;
  method: PriceMethod;
  /** Set when the car model's own fit was bypassed because the query lies outside its listings. */
  fallbackFrom: PriceMethod | null;
  carModel: string | null;
  /** Whether the car model had listings of its own. */
  hasListings: boolean;
  /** New price the estimate was based on (pooled methods), EUR. */
  newPriceUsed: number | null;
  /** Cross-validated MAPE of the method used (fraction). */
  expectedError: number;
  trainingRows: number;
  referenceYear: number;
  /** True when the raw prediction was raised to the price floor. */
  clamped: boolean;
}

/** Progress of training, for a CLI progress bar. */
export type TrainProgress = (done: number, total: number, label: string) => void;
