import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/pricing/cv.js';
import { binEdges, compileGbm, fitGbm, predictCompiled, predictGbm } from '../../src/pricing/gbm.js';

/** y = 10 where x0 > 5, plus 3 * x1, with seeded noise. */
function data(n: number, seed = 1) {
  const random = seededRandom(seed);
  const rows: number[][] = [];
  const target: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [random() * 10, random(), random() * 100];
    rows.push(x);
    target.push((x[0] > 5 ? 10 : 0) + 3 * x[1] + (random() - 0.5) * 0.1);
  }
  return { rows, target };
}

describe('gradient-boosted trees', () => {
  it('learns a step and a slope, ignores a noise feature, and generalises to new rows', () => {
    const train = data(2000, 1);
    const test = data(500, 2);
    const model = fitGbm(train.rows, train.target, { rounds: 100, learningRate: 0.2, maxLeaves: 8, minLeafRows: 10, l2: 1 });
    const errors = test.rows.map((x, i) => Math.abs(predictGbm(model, x) - test.target[i]));
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.15);
    const used = new Set(model.trees.flatMap((tree) => tree.feature.filter((f) => f >= 0)));
    expect(used.has(0) && used.has(1)).toBe(true);
  });

  it('is deterministic: the same rows and options give the same trees', () => {
    const { rows, target } = data(500);
    const options = { rounds: 20, learningRate: 0.1, maxLeaves: 16, minLeafRows: 5, l2: 1 };
    expect(JSON.stringify(fitGbm(rows, target, options))).toBe(JSON.stringify(fitGbm(rows, target, options)));
  });

  it('respects the leaf size and the number of leaves; one round at rate 1 is a regression tree', () => {
    const { rows, target } = data(300);
    const model = fitGbm(rows, target, { rounds: 1, learningRate: 1, maxLeaves: 4, minLeafRows: 50, l2: 0 });
    const tree = model.trees[0];
    const leaves = tree.feature.filter((f) => f < 0).length;
    expect(leaves).toBeLessThanOrEqual(4);
    expect(leaves).toBeGreaterThan(1);
    // Each leaf holds the mean of its rows: the predictions take exactly `leaves` values.
    const fitted = new Set(rows.map((x) => predictGbm(model, x).toFixed(9)));
    expect(fitted.size).toBe(leaves);
  });

  it('bins by quantiles, or by value with split points halfway between few distinct values', () => {
    expect(binEdges([1, 1, 2, 3], 255)).toEqual([1.5, 2.5, Infinity]);
    const edges = binEdges(Array.from({ length: 10_000 }, (_, i) => i), 16);
    expect(edges).toHaveLength(16);
    expect(edges[edges.length - 1]).toBe(Infinity);
  });

  it('refuses non-finite inputs instead of fitting garbage', () => {
    expect(() => fitGbm([[1], [Number.NaN]], [1, 2], { rounds: 1, learningRate: 1, maxLeaves: 2, minLeafRows: 1, l2: 0 })).toThrow(/not finite/);
  });
});

describe('compiled trees', () => {
  it('predict exactly what the stored trees predict', () => {
    const { rows, target } = data(400);
    const model = fitGbm(rows, target, { rounds: 30, learningRate: 0.2, maxLeaves: 12, minLeafRows: 5, l2: 1 });
    const compiled = compileGbm(model);
    for (const x of data(50, 3).rows) expect(predictCompiled(compiled, x)).toBe(predictGbm(model, x));
  });
});
