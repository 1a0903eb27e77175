/**
 * The pooled model, fitted on the listings of every car model at once:
 *   price / newPrice = depreciation(age, mileage) * (1 + premium(gearbox, fuel, power) / newPrice)
 * i.e. price = (newPrice + premium EUR) * depreciation. Sharing one
 * depreciation curve and one set of equipment premiums across car models is
 * what lets it price a car model from its new price alone.
 */
import MultivariateLinearRegression from 'ml-regression-multivariate-linear';

import {
  DEPRECIATION_FEATURES,
  PREMIUM_FEATURES,
  pickFeatures,
  varyingFeatures,
  type FeatureName,
  type FeatureVector,
} from './features.js';
import type { PooledCoreParams } from './types.js';

export interface PooledFit {
  /** Premium features, aligned with params.premiumsEur. */
  features: FeatureName[];
  params: PooledCoreParams;
}

/** Money is scaled to 10 000 EUR while fitting so that all columns have similar magnitudes. */
const SCALE = 10_000;
const MAX_ITERATIONS = 100;

const leastSquares = (x: number[][], y: number[], intercept: boolean): number[] =>
  new MultivariateLinearRegression(
    x,
    y.map((v) => [v]),
    { intercept, statistics: false },
  ).weights.map((row) => row[0]);

/**
 * Least squares on the ratio price / newPrice (an error of 1 % of the new
 * price costs the same for every car model), by Gauss-Newton: the model is
 * bilinear (depreciation times premium factor), so each step is one OLS
 * solve and it converges in a handful of steps from the no-premium start.
 */
export function fitPooled(
  vectors: readonly FeatureVector[],
  newPrices: readonly number[],
  prices: readonly number[],
): PooledFit {
  const n = vectors.length;
  if (n === 0) throw new Error('fitPooled: no rows');
  const depreciationFeatures = varyingFeatures([...vectors], DEPRECIATION_FEATURES);
  const features = varyingFeatures([...vectors], PREMIUM_FEATURES);
  // A constant premium is only identifiable against different new prices.
  const withBase = new Set(newPrices).size >= 2;
  const u = vectors.map((vector) => pickFeatures(vector, depreciationFeatures));
  const v = vectors.map((vector) => [...(withBase ? [1] : []), ...pickFeatures(vector, features)]);
  const scaledNew = newPrices.map((price) => price / SCALE);
  const y = prices.map((price, i) => price / newPrices[i]);
  const du = depreciationFeatures.length + 1;
  const pv = v[0].length;

  // theta = [depreciation intercept, depreciation slopes..., premiums (in SCALE EUR)...]
  // Start without premiums: depreciation alone by OLS on the ratio.
  let depreciationStart: number[];
  if (du > 1) {
    const w = leastSquares(u, y, true);
    depreciationStart = [w[du - 1], ...w.slice(0, du - 1)];
  } else {
    depreciationStart = [y.reduce((a, b) => a + b, 0) / n];
  }
  let theta = [...depreciationStart, ...new Array<number>(pv).fill(0)];

  const parts = (t: number[], i: number): { d: number; m: number } => {
    let d = t[0];
    for (let j = 1; j < du; j++) d += t[j] * u[i][j - 1];
    let premium = 0;
    for (let j = 0; j < pv; j++) premium += t[du + j] * v[i][j];
    return { d, m: 1 + premium / scaledNew[i] };
  };
  const sse = (t: number[]): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const { d, m } = parts(t, i);
      sum += (y[i] - d * m) ** 2;
    }
    return sum;
  };

  let current = sse(theta);
  for (let iteration = 0; iteration < MAX_ITERATIONS && pv > 0; iteration++) {
    const jacobian: number[][] = [];
    const residual: number[] = [];
    for (let i = 0; i < n; i++) {
      const { d, m } = parts(theta, i);
      jacobian.push([m, ...u[i].map((value) => m * value), ...v[i].map((value) => (d * value) / scaledNew[i])]);
      residual.push(y[i] - d * m);
    }
    const delta = leastSquares(jacobian, residual, false);
    // Step halving keeps every accepted step an improvement.
    let accepted: number[] | null = null;
    let next = current;
    for (let step = 1; step > 1e-6; step /= 2) {
      const candidate = theta.map((value, j) => value + step * delta[j]);
      next = sse(candidate);
      if (next <= current) {
        accepted = candidate;
        break;
      }
    }
    if (!accepted) break;
    const improvement = (current - next) / Math.max(current, Number.MIN_VALUE);
    theta = accepted;
    current = next;
    if (improvement < 1e-12) break;
  }

  const slope = (name: FeatureName): number => {
    const index = depreciationFeatures.indexOf(name);
    return index < 0 ? 0 : theta[1 + index];
  };
  const premiums = theta.slice(du).map((value) => value * SCALE);
  return {
    features,
    params: {
      depreciation: { intercept: theta[0], perYear: slope('age'), per100kKm: slope('mileage100k') },
      baseEur: withBase ? premiums[0] : 0,
      premiumsEur: withBase ? premiums.slice(1) : premiums,
    },
  };
}

/** Depreciation factor (share of new price plus premium kept) at this age and mileage. */
export function pooledDepreciation(params: PooledCoreParams, vector: FeatureVector): number {
  const { intercept, perYear, per100kKm } = params.depreciation;
  return intercept + perYear * vector.age + per100kKm * vector.mileage100k;
}

export function predictPooled(
  params: PooledCoreParams,
  features: readonly string[],
  vector: FeatureVector,
  newPrice: number,
): number {
  const x = pickFeatures(vector, features);
  const premium = x.reduce((sum, value, j) => sum + params.premiumsEur[j] * value, params.baseEur);
  return pooledDepreciation(params, vector) * (newPrice + premium);
}
