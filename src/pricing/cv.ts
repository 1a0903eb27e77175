/** Deterministic cross-validation: the same rows always get the same folds. */

/** mulberry32: a tiny seeded PRNG, so fold shuffles never depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fold index of each of n rows: leave-one-out when n <= maxFolds (small car
 * models need every training row), else maxFolds folds over a seeded shuffle.
 */
export function assignFolds(n: number, maxFolds: number, seed: number): number[] {
  if (n <= maxFolds) return Array.from({ length: n }, (_, i) => i);
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const folds = new Array<number>(n);
  order.forEach((row, position) => (folds[row] = position % maxFolds));
  return folds;
}

/**
 * Out-of-fold predictions: for each fold, `fitPredict(train, test)` fits on
 * the train row indices and returns predictions for the test row indices.
 */
export function outOfFold(
  folds: readonly number[],
  fitPredict: (train: number[], test: number[]) => number[],
): number[] {
  const predictions = new Array<number>(folds.length).fill(Number.NaN);
  const foldCount = folds.reduce((a, b) => Math.max(a, b), -1) + 1;
  for (let fold = 0; fold < foldCount; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    folds.forEach((f, i) => (f === fold ? test : train).push(i));
    if (test.length === 0) continue;
    const predicted = fitPredict(train, test);
    test.forEach((row, k) => (predictions[row] = predicted[k]));
  }
  return predictions;
}
