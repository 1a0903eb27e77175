/**
 * Types of the pricing engine: training rows, queries, the stored (JSON) form
 * of fitted models and the estimate returned to callers.
 *
 * Ratios and error figures (MAPE, quantiles, coverage) are fractions
 * (0.012 = 1.2 %); money is EUR.
 */
import type { Fuel, Transmission } from '../lib/vocabulary.js';
import type { GbmModel } from './gbm.js';

export { FUELS, TRANSMISSIONS, type Fuel, type Transmission } from '../lib/vocabulary.js';

/** The car's usage and equipment: what a photo cannot tell. */
export interface CarDescription {
  /** Model year (first registration year for the market listings). */
  year: number;
  mileageKm: number;
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
}

/** What a caller asks for. `carModel` null: a car model the catalog does not know. */
export interface PriceQuery extends CarDescription {
  carModel: string | null;
  /** Make key (see makeKey) of the car, when known: a car model without listings is priced from its make. */
  make: string | null;
  /** New price (EUR), when known: helps a car model without listings. */
  newPrice: number | null;
}

/** One used-car listing: a query of a known car model, with its price. */
export interface PriceSample extends PriceQuery {
  carModel: string;
  make: string;
  /** Asking price (EUR): the target. */
  price: number;
}

/**
 * The methods, each cross-validated:
 * - gbm: gradient-boosted trees on every listing, the car model and make as target encodings;
 * - linear: ordinary least squares on the log price of one car model's listings;
 * - tree: one regression tree on one car model's listings;
 * - blend: the geometric mean of gbm and the car model's linear fit (errors of the two partly cancel);
 * - pooled / pooled-offset: the study's model on price / new price (only when listings carry a new price);
 * - gbm-make: gradient-boosted trees on every listing without the car model, for car models with no listings;
 * - gbm-make-new-price: gbm-make's depreciation applied to a new price the caller gave.
 */
export type PriceMethod = CarModelMethod | 'gbm-make' | 'gbm-make-new-price';
export const PRICE_METHODS: readonly PriceMethod[] = ['gbm', 'linear', 'tree', 'blend', 'pooled', 'pooled-offset', 'gbm-make', 'gbm-make-new-price'];
/** Methods that can be chosen for a car model with listings. */
export type CarModelMethod = 'gbm' | 'linear' | 'tree' | 'blend' | 'pooled' | 'pooled-offset';
export const CAR_MODEL_METHODS: readonly CarModelMethod[] = ['gbm', 'linear', 'tree', 'blend', 'pooled', 'pooled-offset'];

/** Out-of-sample error figures (cross-validation). */
export interface CvMetrics {
  /** Rows the figures were measured on. */
  rows: number;
  /** Mean absolute error, EUR. */
  mae: number;
  /** Mean absolute percentage error, as a fraction. */
  mape: number;
  /** Median absolute percentage error, as a fraction. */
  medianApe?: number;
  /** Root mean squared error, EUR. */
  rmse: number;
}

/**
 * 80 % prediction interval as multiples of the estimate:
 * [amount * (1 + low), amount * (1 + high)], from cross-validated relative
 * residuals (split-conformal ranks).
 */
export interface IntervalSpec {
  level: number;
  low: number;
  high: number;
  /**
   * Share of cross-validated prices inside an interval built without them
   * (other folds, or other car models), so measured out of sample; null when
   * there were too few rows.
   */
  coverage: number | null;
}

/**
 * Intervals by price band: residuals of cheap and dear cars differ, so the
 * interval is calibrated within each band of the predicted price.
 */
export interface BandedInterval {
  level: number;
  /** Upper predicted-price bound (EUR) of each band but the last. */
  edges: number[];
  bands: { low: number; high: number; coverage: number | null; rows: number }[];
  /** Out-of-sample coverage over all bands. */
  coverage: number | null;
}

export interface CandidateResult {
  metrics: CvMetrics;
  interval: IntervalSpec;
  /** Hyper-parameters chosen by cross-validation. */
  hyper?: Record<string, number>;
}

export interface LinearParams {
  intercept: number;
  /** Aligned with `features`. */
  coefficients: number[];
  features: string[];
}

export interface TreeParams {
  /** A one-tree GbmModel on the log price, inputs `features`. */
  model: GbmModel;
  features: string[];
}

/**
 * The study's pooled model on price / newPrice (see fit-pooled.ts):
 *   price = (newPrice + premium) * (intercept + perYear * age + per100kKm * mileage / 100 000)
 */
export interface PooledCoreParams {
  depreciation: { intercept: number; perYear: number; per100kKm: number };
  /** Constant premium, EUR. */
  baseEur: number;
  premiumsEur: number[];
}

export interface PooledParams extends PooledCoreParams {
  /** Premium features, aligned with premiumsEur. */
  features: string[];
  /** Prior strength k of the per-car-model offset: offset = sum(r) / (n + k). */
  offsetPriorStrength: number;
}

/** The most common variant of a car model's (or make's) listings: defaults for what a caller leaves out. */
export interface TypicalCar {
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  /** Listings of exactly that fuel, gearbox and power, and all listings it was taken from. */
  count: number;
  of: number;
  mileageKmPerYear: number;
}

/** What a car model's listings cover; its own fits are trusted only inside. */
export interface TrainingRanges {
  year: [number, number];
  mileageKm: [number, number];
  powerHp: [number, number];
  fuels: Fuel[];
  transmissions: Transmission[];
}

/** Target encoding of a group (make or car model): smoothed mean log price and its size. */
export interface GroupEncoding {
  logPrice: number;
  rows: number;
  /** Median power of the group's listings. */
  powerHp: number;
}

/** A gradient-boosted model with what it needs to be used and trusted. */
export interface BoostedModel {
  features: string[];
  model: GbmModel;
  /**
   * Multiplier of the predicted price that minimises the cross-validated MAPE:
   * asking prices are skewed to the right, so the median of the trees
   * overshoots the typical listing a little.
   */
  scale: number;
  metrics: CvMetrics;
  interval: BandedInterval;
}

/** Where the listings come from and when: said with every estimate. */
export interface DataBasis {
  /** e.g. "asking prices, AutoScout24 Germany". */
  basis: string;
  /** Market date of the prices, e.g. "2021"; null when the sources do not say. */
  asOf: string | null;
}

/** Everything shared by all car models: the market-wide models and what they were trained on. */
export interface MarketPriceModel {
  schemaVersion: 2;
  kind: 'market';
  carModel: null;
  /** Fingerprint of the training code and options: stored models of another trainer are retrained. */
  trainer: string;
  /** Age = referenceYear - model year (fixed at training, never the clock). */
  referenceYear: number;
  trainingRows: number;
  data: DataBasis;
  /** What the listings cover: estimates outside are refused. */
  ranges: TrainingRanges;
  /** Encoding of a make the listings do not have. */
  global: GroupEncoding;
  makes: Record<string, GroupEncoding>;
  carModels: Record<string, GroupEncoding & { make: string }>;
  gbm: BoostedModel;
  /** Leave-car-models-out: its metrics are those of car models none of whose listings it saw. */
  gbmMake: BoostedModel;
  /** Present when listings carry new prices (the study's files). */
  pooled: (PooledParams & { metrics: CvMetrics; interval: IntervalSpec; carModels: string[] }) | null;
  typical: TypicalCar;
  typicalByMake: Record<string, TypicalCar>;
}

/** One car model with listings: the method cross-validation chose for it. */
export interface CarModelPriceModel {
  schemaVersion: 2;
  kind: CarModelMethod;
  carModel: string;
  make: string;
  referenceYear: number;
  trainingRows: number;
  /** Cross-validated figures of the chosen method on this car model's listings. */
  metrics: CvMetrics;
  interval: IntervalSpec;
  /** Every compared method with its CV figures (gbm's always: it answers outside the listings); null where not applicable or not allowed. */
  candidates: Record<CarModelMethod, CandidateResult | null>;
  /** Fitted parameters of an own fit (linear, tree; blend keeps the linear one); null for gbm and the pooled methods. */
  params: LinearParams | TreeParams | null;
  /** Median new price of its listings (EUR), for the pooled methods. */
  newPrice: number | null;
  /** Shrunk relative offset against the pooled model. */
  pooledOffset: number | null;
  typical: TypicalCar;
  /** Its most common variants, most common first: defaults consistent with what a caller did give. */
  variants: { fuel: Fuel; transmission: Transmission; powerHp: number; count: number }[];
  ranges: TrainingRanges;
}

export type StoredPriceModel = MarketPriceModel | CarModelPriceModel;

export interface PriceEstimate {
  /** Estimated price, EUR (whole euros, never below the floor). */
  amount: number;
  /** 80 % interval, EUR; low <= amount <= high. */
  low: number;
  high: number;
  currency: 'EUR';
  intervalLevel: number;
  method: PriceMethod;
  /** Set when the car model's chosen method was bypassed because the query lies outside its listings. */
  fallbackFrom: PriceMethod | null;
  carModel: string | null;
  /** Whether the car model had listings of its own. */
  hasListings: boolean;
  /** New price the estimate was based on, EUR. */
  newPriceUsed: number | null;
  /** Cross-validated MAPE of the method used (fraction). */
  expectedError: number;
  /** Listings behind the answer: the car model's, else its make's, else all. */
  listingsCount: number;
  /** Listings the answering model was trained on. */
  trainingRows: number;
  referenceYear: number;
  data: DataBasis;
  /** True when the raw prediction was raised to the price floor. */
  clamped: boolean;
}

/** Progress of training, for a CLI progress bar or a job status. */
export type TrainProgress = (done: number, total: number, label: string) => void;
