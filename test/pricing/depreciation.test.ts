import { beforeAll, describe, expect, it } from 'vitest';

import { AppError } from '../../src/errors.js';
import { depreciationCurve } from '../../src/pricing/depreciation.js';
import { trainPriceModels } from '../../src/pricing/train.js';
import type { StoredPriceModel } from '../../src/pricing/types.js';
import { LISTING_FILES, REFERENCE_YEAR, seedSamples } from './seed.js';

let models: StoredPriceModel[];

beforeAll(() => {
  models = trainPriceModels(seedSamples(), { referenceYear: REFERENCE_YEAR });
});

describe('depreciationCurve', () => {
  it('gives a falling value by age for the typical car of each car model', () => {
    for (const carModel of Object.values(LISTING_FILES)) {
      const curve = depreciationCurve(models, { carModel, years: 12 });
      expect(curve.points.map((p) => p.age)).toEqual(Array.from({ length: 13 }, (_, i) => i));
      expect(curve.referenceYear).toBe(REFERENCE_YEAR);
      expect(['pooled', 'pooled-offset']).toContain(curve.method);
      for (const [i, point] of curve.points.entries()) {
        expect(point.year).toBe(REFERENCE_YEAR - point.age);
        expect(point.mileageKm).toBe(point.age * curve.mileageKmPerYear);
        expect(point.low).toBeLessThanOrEqual(point.amount);
        expect(point.amount).toBeLessThanOrEqual(point.high);
        if (i > 0) expect(point.amount).toBeLessThanOrEqual(curve.points[i - 1].amount);
      }
      expect(curve.points[12].amount).toBeLessThan(curve.points[0].amount);
    }
  });

  it('uses the listings typical car unless told otherwise', () => {
    const rav4 = depreciationCurve(models, { carModel: 'TOYOTA_Rav4_2018Present' });
    const listings = seedSamples().filter((s) => s.carModel === 'TOYOTA_Rav4_2018Present');
    const count = (fuel: string): number => listings.filter((s) => s.fuel === fuel).length;
    expect(count(rav4.fuel)).toBe(Math.max(...['PETROL', 'DIESEL', 'HYBRID', 'ELECTRIC', 'LPG'].map(count)));
    expect(rav4.mileageKmPerYear).toBe(15_000);
    const electric = depreciationCurve(models, { carModel: 'TOYOTA_Rav4_2018Present', fuel: 'ELECTRIC', mileageKmPerYear: 10_000 });
    expect(electric.fuel).toBe('ELECTRIC');
    expect(electric.points[5].mileageKm).toBe(50_000);
  });

  it('needs a new price for a car model without listings', () => {
    expect(() => depreciationCurve(models, { carModel: 'BMW_X4_20182021' })).toThrow(AppError);
    const curve = depreciationCurve(models, { carModel: 'BMW_X4_20182021', newPrice: 60_000, years: 5 });
    expect(curve.method).toBe('pooled');
    expect(curve.newPrice).toBe(60_000);
    expect(curve.points).toHaveLength(6);
    expect(curve.points[0].amount).toBeGreaterThan(curve.points[5].amount);
  });

  it('rejects a bad number of years', () => {
    for (const years of [-1, 2.5, 51]) {
      expect(() => depreciationCurve(models, { carModel: 'AUDI_A6_2018Present', years })).toThrow(/years/);
    }
  });
});
