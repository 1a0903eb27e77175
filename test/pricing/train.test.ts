import { describe, expect, it } from 'vitest';
import { trainPriceModels, trainerFingerprint, MIN_ROWS_OWN_FIT, type TrainOptions } from '../../src/pricing/train.js';
import type { CarModelPriceModel, MarketPriceModel } from '../../src/pricing/types.js';
import { marketSamples } from '../helpers/listings.js';

// Six car models of the shipped market listings, with small boosting settings so that the test stays quick.
const CAR_MODELS = ['bmw-1-series', 'dacia-duster', 'dacia-sandero', 'fiat-500', 'renault-clio', 'volkswagen-polo'];
const OPTIONS: TrainOptions = { gbm: { rounds: 40, learningRate: 0.25, maxLeaves: 16, minLeafRows: 10, l2: 5 }, data: { basis: 'test', asOf: '2021' } };

const samples = await marketSamples(CAR_MODELS);

describe('training on market listings', () => {
  const models = trainPriceModels(samples, OPTIONS);
  const market = models[0] as MarketPriceModel;
  const entries = models.slice(1) as CarModelPriceModel[];

  it('is deterministic whatever the order of the rows', () => {
    const reversed = trainPriceModels([...samples].reverse(), OPTIONS);
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(models));
  });

  it('stores one market entry and one entry per car model, each choosing the method with the lowest cross-validated MAPE', () => {
    expect(market).toMatchObject({ kind: 'market', carModel: null, trainingRows: samples.length, data: { asOf: '2021' } });
    expect(entries.map((e) => e.carModel)).toEqual(CAR_MODELS);
    for (const entry of entries) {
      expect(entry.trainingRows).toBeGreaterThanOrEqual(MIN_ROWS_OWN_FIT);
      const mapes = Object.entries(entry.candidates).flatMap(([method, c]) => (c ? [[method, c.metrics.mape] as const] : []));
      expect(mapes.map(([m]) => m).sort()).toEqual(['blend', 'gbm', 'linear', 'tree']);
      const best = Math.min(...mapes.map(([, mape]) => mape));
      expect(entry.metrics.mape).toBe(best);
      expect(entry.candidates[entry.kind]!.metrics.mape).toBe(best);
    }
  });

  it('measures every method out of sample, the make-level model by leaving whole car models out', () => {
    expect(market.gbm.metrics.rows).toBe(samples.length);
    expect(market.gbm.metrics.mape).toBeGreaterThan(0.03);
    expect(market.gbm.metrics.mape).toBeLessThan(0.3);
    // A car model the trees never saw is harder to price than one they did.
    expect(market.gbmMake.metrics.mape).toBeGreaterThan(market.gbm.metrics.mape);
  });

  it('calibrates 80% intervals by price band, with coverage measured on folds that did not build them', () => {
    // Six car models only: leaving one out at a time leaves few to calibrate on, so gbm-make's bound is looser here.
    for (const [interval, lowest] of [[market.gbm.interval, 0.72], [market.gbmMake.interval, 0.55]] as const) {
      expect(interval.level).toBe(0.8);
      expect(interval.bands).toHaveLength(5);
      expect(interval.edges).toEqual([...interval.edges].sort((a, b) => a - b));
      for (const band of interval.bands) {
        expect(band.low).toBeLessThan(0);
        expect(band.high).toBeGreaterThan(0);
      }
      expect(interval.coverage!).toBeGreaterThan(lowest);
      expect(interval.coverage!).toBeLessThan(0.9);
    }
  });

  it('keeps the most common variant of each car model as the default for what a caller leaves out', () => {
    const polo = entries.find((e) => e.carModel === 'volkswagen-polo')!;
    const rows = samples.filter((s) => s.carModel === 'volkswagen-polo');
    const count = rows.filter(
      (s) => s.fuel === polo.typical.fuel && s.transmission === polo.typical.transmission && s.powerHp === polo.typical.powerHp,
    ).length;
    expect(polo.typical.count).toBe(count);
    for (const v of polo.variants) expect(v.count).toBeLessThanOrEqual(count);
    expect(polo.variants[0]).toMatchObject({ fuel: polo.typical.fuel, powerHp: polo.typical.powerHp });
  });

  it('fingerprints the trainer with its options, so stored models of other settings are retrained', () => {
    expect(trainerFingerprint()).toBe(trainerFingerprint());
    expect(trainerFingerprint({ folds: 3 })).not.toBe(trainerFingerprint());
  });
});
