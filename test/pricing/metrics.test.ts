import { describe, expect, it } from 'vitest';

import { assignFolds, outOfFold } from '../../src/pricing/cv.js';
import { encodeFeatures } from '../../src/pricing/features.js';
import { errorMetrics, leaveOutCoverage, residualInterval } from '../../src/pricing/metrics.js';

describe('metrics', () => {
  it('computes MAE, MAPE and RMSE', () => {
    const m = errorMetrics([100, 200], [110, 180]);
    expect(m.rows).toBe(2);
    expect(m.mae).toBeCloseTo(15);
    expect(m.mape).toBeCloseTo((0.1 + 0.1) / 2);
    expect(m.rmse).toBeCloseTo(Math.sqrt((100 + 400) / 2));
  });

  it('builds a central interval and measures its coverage out of sample', () => {
    const residuals = Array.from({ length: 99 }, (_, i) => (i - 49) / 1000);
    const { low, high } = residualInterval(residuals, 0.8);
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    const inside = residuals.filter((r) => r >= low && r <= high).length / residuals.length;
    expect(inside).toBeGreaterThanOrEqual(0.8);
    const coverage = leaveOutCoverage(residuals, 0.8);
    expect(coverage).toBeGreaterThan(0.75);
    expect(coverage).toBeLessThan(0.9);
    // Grouped: a group far from the others falls outside the interval built without it.
    const groups = residuals.map((_, i) => (i < 90 ? 'a' : 'b'));
    const shifted = residuals.map((r, i) => (i < 90 ? r : r + 1));
    expect(leaveOutCoverage(shifted, 0.8, groups)).toBe(0);
  });
});

describe('cross-validation folds', () => {
  it('are deterministic, cover every row once and use leave-one-out on small sets', () => {
    expect(assignFolds(8, 10, 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const folds = assignFolds(57, 10, 3);
    expect(assignFolds(57, 10, 3)).toEqual(folds);
    expect(new Set(folds).size).toBe(10);
    const sizes = Array.from({ length: 10 }, (_, f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const predictions = outOfFold(folds, (train, test) => {
      expect(train.some((i) => test.includes(i))).toBe(false);
      return test.map((i) => i * 2);
    });
    expect(predictions).toEqual(folds.map((_, i) => i * 2));
  });
});

describe('encodeFeatures', () => {
  it('counts age from the stored reference year and one-hot encodes fuel against petrol', () => {
    const car = { year: 2020, mileageKm: 50_000, fuel: 'HYBRID' as const, transmission: 'AUTOMATIC' as const, powerHp: 150 };
    expect(encodeFeatures(car, 2025)).toEqual({
      age: 5,
      mileage100k: 0.5,
      automatic: 1,
      power100hp: 1.5,
      diesel: 0,
      hybrid: 1,
      electric: 0,
      lpg: 0,
      cng: 0,
    });
    const petrol = encodeFeatures({ ...car, fuel: 'PETROL', transmission: 'MANUAL' }, 2025);
    expect([petrol.diesel, petrol.hybrid, petrol.electric, petrol.lpg, petrol.automatic]).toEqual([0, 0, 0, 0, 0]);
  });
});
