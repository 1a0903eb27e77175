/** Public API of the pricing engine (pure: no database, no GraphQL). */
export * from './types.js';
export { encodeFeatures, FEATURE_NAMES, makeKey, type FeatureName } from './features.js';
export {
  trainPriceModels,
  trainerFingerprint,
  DEFAULT_FOLDS,
  DEFAULT_INTERVAL_LEVEL,
  DEFAULT_MILEAGE_KM_PER_YEAR,
  DEFAULT_SEED,
  MIN_ROWS_OWN_FIT,
  type TrainOptions,
} from './train.js';
export { estimate, indexModels, supportedYears, validatePriceQuery, type EstimateOptions, type PriceModelSet } from './predict.js';
export {
  depreciationCurve,
  DEFAULT_CURVE_YEARS,
  type DepreciationCurve,
  type DepreciationOptions,
  type DepreciationPoint,
} from './depreciation.js';
export { LIMITS } from './limits.js';
export { errorMetrics, leaveOutCoverage, relativeResiduals, residualInterval } from './metrics.js';
export { priceFloor, MIN_PRICE_EUR, MIN_SHARE_OF_NEW_PRICE } from './floor.js';
export { formatPriceModelReport } from './report.js';
export { PRICE_MODEL_KINDS, PRICE_MODELS, priceModelRegistry, type PriceModelKind, type PriceModelRegistry } from './kinds/index.js';
