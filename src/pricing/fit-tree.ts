/** Per-car-model CART regression tree on the price in EUR (the compared non-linear alternative). */
import { DecisionTreeRegression } from 'ml-cart';

import { FEATURE_NAMES, pickFeatures, varyingFeatures, type FeatureName, type FeatureVector } from './features.js';
import type { TreeParams } from './types.js';

export interface TreeHyper {
  maxDepth: number;
  minNumSamples: number;
}

/**
 * Hyper-parameters tried by cross-validation, simplest first so that a tie
 * keeps the simpler tree. Listings per car model are few (10 to 50), so deep
 * trees with tiny leaves only memorise noise.
 */
export const TREE_GRID: readonly TreeHyper[] = [2, 3, 4, 6].flatMap((maxDepth) =>
  [8, 5, 3, 2].map((minNumSamples) => ({ maxDepth, minNumSamples })),
);

export interface TreeFit {
  features: FeatureName[];
  params: TreeParams;
}

export function fitTree(vectors: readonly FeatureVector[], prices: readonly number[], hyper: TreeHyper): TreeFit {
  if (vectors.length === 0) throw new Error('fitTree: no rows');
  const features = varyingFeatures([...vectors], FEATURE_NAMES);
  const tree = new DecisionTreeRegression({ ...hyper, gainFunction: 'regression', splitFunction: 'mean' });
  // With no varying column, a single constant column yields a one-leaf tree (the mean).
  const x = vectors.map((vector) => (features.length > 0 ? pickFeatures(vector, features) : [0]));
  tree.train(x, [...prices]);
  // toJSON() returns live node objects; a JSON round trip makes it plain, storable data.
  const json: unknown = JSON.parse(JSON.stringify(tree.toJSON()));
  return { features, params: { maxDepth: hyper.maxDepth, minNumSamples: hyper.minNumSamples, tree: json } };
}

/** Loaded trees, per stored params object: loading walks the whole tree. */
const loaded = new WeakMap<TreeParams, DecisionTreeRegression>();

export function predictTree(params: TreeParams, features: readonly string[], vector: FeatureVector): number {
  let tree = loaded.get(params);
  if (!tree) {
    tree = DecisionTreeRegression.load(params.tree as object);
    loaded.set(params, tree);
  }
  const x = features.length > 0 ? pickFeatures(vector, features) : [0];
  return tree.predict([x])[0];
}
