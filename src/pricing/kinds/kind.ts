/**
 * What a price-model kind is to the engine. Kinds differ in where they are
 * fitted, so a kind has the roles it really plays rather than one signature:
 * - `carModel`: compared per car model with listings (cross-validated on its
 *   listings, chosen by the lowest CV MAPE, answers for it);
 * - `unseen`: prices a car model without listings, from the market-wide models.
 * The market-wide models themselves (boosted trees, the pooled new-price
 * model) are fitted once for all car models by train.ts; kinds read them.
 */
import type { FeatureVector } from '../features.js';
import type {
  BandedInterval,
  CarModelMethod,
  CarModelPriceModel,
  LinearParams,
  MarketPriceModel,
  PriceMethod,
  PriceQuery,
  PriceSample,
  TreeParams,
} from '../types.js';

/** An interval as multiples of the estimate: [value * (1 + low), value * (1 + high)]. */
export interface RelativeInterval {
  level: number;
  low: number;
  high: number;
}

/** One car model's listings as every kind cross-validates on them (the trainer's canonical order). */
export interface CarModelCv {
  samples: readonly PriceSample[];
  vectors: readonly FeatureVector[];
  logPrices: readonly number[];
  /** Asking prices, EUR. */
  prices: readonly number[];
  /** Fold of each row (k-fold, leave-one-out for small car models). */
  folds: readonly number[];
  /** Out-of-fold predictions (EUR) of the market-wide models on these rows; pooled ones are null unless every row has a new price. */
  market: { gbm: readonly number[]; pooled: readonly number[] | null; pooledOffset: readonly number[] | null };
  /** Another kind's out-of-fold predictions on these rows (cross-validated once, on first ask); null where it does not apply. */
  outOfFold(method: CarModelMethod): readonly number[] | null;
}

/** A kind's cross-validation on one car model. */
export interface KindCv {
  /** Out-of-fold predictions, EUR, aligned with the rows. */
  predictions: readonly number[];
  /** Hyper-parameters cross-validation chose; stored with the candidate and used by the final fit. */
  hyper?: Record<string, number>;
}

/** What a kind is given to price a car model with listings. */
export interface CarModelQuery {
  market: MarketPriceModel;
  entry: CarModelPriceModel;
  query: PriceQuery;
  /** encodeFeatures(query, market.referenceYear). */
  vector: FeatureVector;
}

export interface CarModelAnswer {
  /** EUR, before the price floor. */
  value: number;
  /** The new price the answer was based on. */
  newPriceUsed: number | null;
}

export interface CarModelRole {
  /** Out-of-fold predictions on the car model's listings; null when the kind does not apply (too few rows, no new prices). */
  crossValidate(cv: CarModelCv): KindCv | null;
  /** Parameters stored when the kind is chosen (null: it keeps nothing of its own, e.g. the market trees). */
  fit(cv: CarModelCv, result: KindCv): LinearParams | TreeParams | null;
  /** The price, or null when the query lies outside what the kind trusts: the registry's fallback kind answers then. */
  predict(input: CarModelQuery): CarModelAnswer | null;
  /** The interval of an answer when it is not the stored candidate's (e.g. a price band's, for car models with few listings). */
  interval?(entry: CarModelPriceModel, market: MarketPriceModel, value: number): RelativeInterval | null;
}

/** What a kind is given to price a car model without listings. */
export interface UnseenQuery {
  market: MarketPriceModel;
  query: PriceQuery;
  vector: FeatureVector;
  /** The query's make when the listings have it, else null. */
  make: string | null;
}

export interface UnseenAnswer extends CarModelAnswer {
  interval: RelativeInterval;
  /** Cross-validated MAPE of the answering model (fraction). */
  expectedError: number;
}

export interface UnseenRole {
  /** The price, or null when this kind cannot answer (no new price given, make unknown...): the next kind is asked. */
  predict(input: UnseenQuery): UnseenAnswer | null;
}

export interface KindDescription {
  /** Name in tables. */
  label: string;
  /** What the kind is, in one sentence: the report's legend and docs. */
  summary: string;
  /** Its market-wide model in the training report, when it has one: one line of figures and its intervals by price band. */
  market?(market: MarketPriceModel): { line: string; bands?: BandedInterval } | null;
}

export interface PriceModelKind {
  method: PriceMethod;
  /**
   * Lower first: on a cross-validation tie the kind with the lower number
   * keeps the car model; a car model without listings is answered by the
   * lowest that can.
   */
  preference: number;
  describe: KindDescription;
  carModel?: CarModelRole;
  unseen?: UnseenRole;
}
