/** Per-car-model ordinary least squares on the log price. */
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';

import { FEATURE_NAMES, pickFeatures, varyingFeatures, type FeatureVector } from './features.js';
import type { LinearParams } from './types.js';

/**
 * Fits log(price) on the encoded features. Columns that are constant in the
 * training rows are dropped (one power rating for every listing of a car
 * model, a fuel never seen): they are collinear with the intercept, and a
 * fuel never seen has no coefficient to learn, so predict.ts does not use an
 * own fit outside the car model's listings.
 */
export function fitLinear(vectors: readonly FeatureVector[], logPrices: readonly number[]): LinearParams {
  if (vectors.length === 0) throw new Error('fitLinear: no rows');
  const features = varyingFeatures([...vectors], FEATURE_NAMES);
  if (features.length === 0) {
    return { features, intercept: logPrices.reduce((a, b) => a + b, 0) / logPrices.length, coefficients: [] };
  }
  const x = vectors.map((vector) => pickFeatures(vector, features));
  // Normal equations solved through an SVD pseudo-inverse: a rank-deficient
  // fold (fewer rows than columns) still gets the minimum-norm solution.
  const regression = new MultivariateLinearRegression(
    x,
    logPrices.map((value) => [value]),
    { intercept: true, statistics: false },
  );
  const weights = regression.weights.map((row) => row[0]);
  return { features, intercept: weights[features.length], coefficients: weights.slice(0, features.length) };
}

/** Predicted log price. */
export function predictLinear(params: LinearParams, vector: FeatureVector): number {
  const x = pickFeatures(vector, params.features);
  return x.reduce((sum, value, i) => sum + params.coefficients[i] * value, params.intercept);
}
