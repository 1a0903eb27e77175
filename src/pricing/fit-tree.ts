/** Per-car-model regression tree on the log price: one leaf-wise histogram tree (see gbm.ts). */
import { FEATURE_NAMES, pickFeatures, varyingFeatures, type FeatureVector } from './features.js';
import { fitGbm, predictGbm } from './gbm.js';
import type { TreeParams } from './types.js';

export interface TreeHyper {
  maxLeaves: number;
  minLeafRows: number;
}

/**
 * Tried by cross-validation, simplest first so that a tie keeps the simpler
 * tree: car models have 20 to 500 listings, and small leaves memorise noise.
 */
export const TREE_GRID: readonly TreeHyper[] = [
  { maxLeaves: 4, minLeafRows: 5 },
  { maxLeaves: 8, minLeafRows: 5 },
  { maxLeaves: 16, minLeafRows: 5 },
  { maxLeaves: 32, minLeafRows: 8 },
];

export function fitTree(vectors: readonly FeatureVector[], logPrices: readonly number[], hyper: TreeHyper): TreeParams {
  if (vectors.length === 0) throw new Error('fitTree: no rows');
  const features = varyingFeatures([...vectors], FEATURE_NAMES);
  const rows = vectors.map((vector) => pickFeatures(vector, features));
  const model = fitGbm(rows, logPrices, { rounds: features.length > 0 ? 1 : 0, learningRate: 1, l2: 0, ...hyper });
  return { features, model };
}

/** Predicted log price. */
export function predictTree(params: TreeParams, vector: FeatureVector): number {
  return predictGbm(params.model, pickFeatures(vector, params.features));
}
