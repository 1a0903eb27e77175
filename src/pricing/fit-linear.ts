/** Per-car-model ordinary least squares on the price in EUR. */
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';

import { FEATURE_NAMES, pickFeatures, varyingFeatures, type FeatureName, type FeatureVector } from './features.js';
import type { LinearParams } from './types.js';

export interface LinearFit {
  features: FeatureName[];
  params: LinearParams;
}

/**
 * Columns that are constant in the training rows are dropped (e.g. one power
 * rating for every listing of a car model): they are collinear with the
 * intercept and a fuel never seen has no coefficient to learn; at prediction
 * time such a fuel is priced like petrol, so predict.ts falls back to the
 * pooled model outside a car model's listings.
 */
export function fitLinear(vectors: readonly FeatureVector[], prices: readonly number[]): LinearFit {
  if (vectors.length === 0) throw new Error('fitLinear: no rows');
  const features = varyingFeatures([...vectors], FEATURE_NAMES);
  if (features.length === 0) {
    const mean = prices.reduce((a, b) => a + b, 0) / prices.length;
    return { features, params: { intercept: mean, coefficients: [] } };
  }
  const x = vectors.map((vector) => pickFeatures(vector, features));
  const y = prices.map((price) => [price]);
  // Normal equations solved through an SVD pseudo-inverse: a rank-deficient
  // fold (fewer rows than columns) still gets the minimum-norm solution.
  const regression = new MultivariateLinearRegression(x, y, { intercept: true, statistics: false });
  const weights = regression.weights.map((row) => row[0]);
  return {
    features,
    params: { intercept: weights[features.length], coefficients: weights.slice(0, features.length) },
  };
}

export function predictLinear(params: LinearParams, features: readonly string[], vector: FeatureVector): number {
  const x = pickFeatures(vector, features);
  return x.reduce((sum, value, i) => sum + params.coefficients[i] * value, params.intercept);
}
