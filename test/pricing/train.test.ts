import { beforeAll, describe, expect, it } from 'vitest';

import { seededRandom } from '../../src/pricing/cv.js';
import { trainPriceModels } from '../../src/pricing/train.js';
import type { CarModelPriceModel, PooledPriceModel, StoredPriceModel } from '../../src/pricing/types.js';
import { LISTING_FILES, REFERENCE_YEAR, seedSamples } from './seed.js';

const samples = seedSamples();
let models: StoredPriceModel[];
const progress: [number, number, string][] = [];

const carEntries = (list: StoredPriceModel[]): CarModelPriceModel[] =>
  list.filter((m): m is CarModelPriceModel => m.carModel !== null);
const pooledEntry = (list: StoredPriceModel[]): PooledPriceModel =>
  list.find((m): m is PooledPriceModel => m.carModel === null)!;

beforeAll(() => {
  models = trainPriceModels(samples, {
    referenceYear: REFERENCE_YEAR,
    onProgress: (done, total, label) => progress.push([done, total, label]),
  });
});

describe('trainPriceModels on the seed listings', () => {
  it('stores one pooled model and one model per car model', () => {
    expect(models[0].carModel).toBeNull();
    expect(carEntries(models).map((m) => m.carModel)).toEqual(Object.values(LISTING_FILES).sort());
    for (const entry of carEntries(models)) {
      expect(entry.trainingRows).toBe(samples.filter((s) => s.carModel === entry.carModel).length);
      expect(entry.referenceYear).toBe(REFERENCE_YEAR);
      // Every method was compared, and the chosen one has the lowest CV MAPE.
      const mapes = Object.values(entry.candidates).map((c) => c!.metrics.mape);
      expect(mapes.every(Number.isFinite)).toBe(true);
      expect(entry.metrics.mape).toBe(Math.min(...mapes));
      expect(entry.candidates[entry.kind]!.metrics).toEqual(entry.metrics);
    }
  });

  it('is deterministic: training twice gives byte-identical JSON', () => {
    const again = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR });
    expect(again).toEqual(models);
    expect(JSON.stringify(again)).toBe(JSON.stringify(models));
  });

  it('does not depend on the order of the input rows', () => {
    const random = seededRandom(7);
    const shuffled = samples
      .map((sample) => ({ sample, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map((entry) => entry.sample);
    expect(JSON.stringify(trainPriceModels(shuffled, { referenceYear: REFERENCE_YEAR }))).toBe(JSON.stringify(models));
  });

  it('meets the accuracy targets in cross-validation', () => {
    for (const entry of carEntries(models)) {
      expect(entry.metrics.mape, entry.carModel).toBeLessThan(0.02);
      expect(entry.metrics.rows).toBe(entry.trainingRows);
    }
    const pooled = pooledEntry(models);
    expect(pooled.leaveOneCarModelOut).toBe(true);
    expect(pooled.metrics.rows).toBe(samples.length);
    expect(pooled.metrics.mape).toBeLessThan(0.06);
    expect(pooled.cv.mape).toBeLessThan(0.03);
  });

  it('gives 80 % intervals that cover 65-95 % of prices out of sample', () => {
    const entries = carEntries(models);
    const total = entries.reduce((sum, m) => sum + m.trainingRows, 0);
    const coverage = entries.reduce((sum, m) => sum + m.interval.coverage! * m.trainingRows, 0) / total;
    expect(coverage).toBeGreaterThanOrEqual(0.65);
    expect(coverage).toBeLessThanOrEqual(0.95);
    for (const entry of entries) {
      expect(entry.interval.level).toBe(0.8);
      expect(entry.interval.low).toBeLessThanOrEqual(0);
      expect(entry.interval.high).toBeGreaterThanOrEqual(0);
    }
    const pooled = pooledEntry(models);
    expect(pooled.interval.coverage).toBeGreaterThanOrEqual(0.65);
    expect(pooled.interval.coverage).toBeLessThanOrEqual(0.95);
  });

  it('learns a depreciating pooled model and a shrinkage prior from the grid', () => {
    const { params, offsetPriorStrength } = pooledEntry(models);
    expect(params.depreciation.perYear).toBeLessThan(0);
    expect(params.depreciation.per100kKm).toBeLessThan(0);
    expect(offsetPriorStrength).toBeGreaterThanOrEqual(0);
    for (const entry of carEntries(models)) expect(Math.abs(entry.pooledOffset!)).toBeLessThan(0.1);
  });

  it('reports progress up to its total', () => {
    expect(progress.length).toBeGreaterThan(0);
    const total = progress[0][1];
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(progress.every(([, t, label]) => t === total && label.length > 0)).toBe(true);
  });

  it('chooses only among the allowed methods', () => {
    const trees = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR, methods: ['tree'] });
    for (const entry of carEntries(trees)) {
      expect(entry.kind).toBe('tree');
      expect(entry.candidates.linear).toBeNull();
      expect(entry.candidates.tree!.hyper).toEqual({
        maxDepth: expect.any(Number),
        minNumSamples: expect.any(Number),
      });
    }
    // The pooled model is always trained: car models without listings need it.
    expect(pooledEntry(trees).params).toEqual(pooledEntry(models).params);
  });

  it('handles a car model with too few listings and listings without a new price', () => {
    const few = samples.filter((s) => s.carModel === 'BMW_3_Series_E90_20082011').slice(0, 3);
    const noNewPrice = samples
      .filter((s) => s.carModel === 'AUDI_A6_2018Present')
      .map((s) => ({ ...s, carModel: 'NO_NEW_PRICE', newPrice: null }));
    const trained = trainPriceModels([...samples.filter((s) => s.carModel === 'TOYOTA_Rav4_2018Present'), ...few, ...noNewPrice], {
      referenceYear: REFERENCE_YEAR,
      methods: ['linear', 'pooled', 'pooled-offset'],
    });
    const fewEntry = carEntries(trained).find((m) => m.carModel === 'BMW_3_Series_E90_20082011')!;
    expect(fewEntry.candidates.linear).toBeNull();
    expect(['pooled', 'pooled-offset']).toContain(fewEntry.kind);
    const noNewPriceEntry = carEntries(trained).find((m) => m.carModel === 'NO_NEW_PRICE')!;
    expect(noNewPriceEntry.kind).toBe('linear');
    expect(noNewPriceEntry.newPrice).toBeNull();
    expect(noNewPriceEntry.pooledOffset).toBeNull();
    expect(pooledEntry(trained).carModels).not.toContain('NO_NEW_PRICE');
    expect(JSON.stringify(trained)).not.toMatch(/NaN|Infinity/);
  });
});
