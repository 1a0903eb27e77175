import { beforeAll, describe, expect, it } from 'vitest';

import { AppError } from '../../src/errors.js';
import { estimate, validatePriceQuery } from '../../src/pricing/predict.js';
import { trainPriceModels } from '../../src/pricing/train.js';
import { FUELS, TRANSMISSIONS, type PriceQuery, type StoredPriceModel } from '../../src/pricing/types.js';
import { LISTING_FILES, REFERENCE_YEAR, mape, seedSamples } from './seed.js';

const samples = seedSamples();
const carModels = Object.values(LISTING_FILES).sort();
let models: StoredPriceModel[];

const base: PriceQuery = {
  carModel: 'AUDI_A6_2018Present',
  year: 2021,
  mileageKm: 60_000,
  fuel: 'DIESEL',
  transmission: 'AUTOMATIC',
  powerHp: 150,
  newPrice: null,
};

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

/** A spread of queries over every car model, fuel and gearbox, including extremes. */
function queryGrid(): PriceQuery[] {
  const queries: PriceQuery[] = [];
  for (const carModel of [...carModels, 'UNSEEN_MODEL', null]) {
    for (const fuel of FUELS) {
      for (const transmission of TRANSMISSIONS) {
        for (const [year, mileageKm, powerHp] of [
          [2024, 0, 90],
          [2019, 120_000, 150],
          [2010, 250_000, 110],
          [1950, 1_900_000, 2000],
        ]) {
          const newPrice = carModel === null || carModel.startsWith('UNSEEN') ? 40_000 : null;
          queries.push({ carModel, year, mileageKm, fuel, transmission, powerHp, newPrice });
        }
      }
    }
  }
  return queries;
}

beforeAll(() => {
  models = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR });
});

describe('estimate', () => {
  it('prices the listings of a car model close to their real prices', () => {
    for (const carModel of carModels) {
      const own = samples.filter((s) => s.carModel === carModel);
      const predicted = own.map((s) => estimate(models, { ...s, newPrice: null }).amount);
      expect(mape(own.map((s) => s.price), predicted), carModel).toBeLessThan(0.02);
    }
  });

  it('answers the same after a JSON round trip of the stored models', () => {
    const linear = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR, methods: ['linear'] });
    const trees = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR, methods: ['tree'] });
    for (const stored of [models, linear, trees]) {
      const restored = JSON.parse(JSON.stringify(stored)) as StoredPriceModel[];
      for (const query of queryGrid()) expect(estimate(restored, query)).toEqual(estimate(stored, query));
    }
  });

  it('prices a car model without listings from its new price (leave-one-car-model-out)', () => {
    for (const carModel of carModels) {
      const others = trainPriceModels(
        samples.filter((s) => s.carModel !== carModel),
        { referenceYear: REFERENCE_YEAR, methods: ['pooled'] },
      );
      const own = samples.filter((s) => s.carModel === carModel);
      const results = own.map((s) => estimate(others, s));
      for (const result of results) {
        expect(result.hasListings).toBe(false);
        expect(result.method).toBe('pooled');
        expect(result.newPriceUsed).toBe(own[0].newPrice);
      }
      expect(mape(own.map((s) => s.price), results.map((r) => r.amount)), carModel).toBeLessThan(0.06);
    }
  });

  it('says what is missing when a car model has no listings and no newPrice', () => {
    const error = thrown(() => estimate(models, { ...base, carModel: 'BMW_X4_20182021' }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details.field).toBe('newPrice');
    expect(error.message).toContain('BMW_X4_20182021');
    expect(error.message).toMatch(/no listings/i);
    expect(error.message).toContain('newPrice');
    expect(thrown(() => estimate(models, { ...base, carModel: null })).code).toBe('BAD_USER_INPUT');
  });

  it('never returns a zero, negative or NaN price, and keeps low <= amount <= high', () => {
    for (const stored of [models, JSON.parse(JSON.stringify(models)) as StoredPriceModel[]]) {
      for (const query of [...queryGrid(), { ...base, carModel: 'UNSEEN', newPrice: 1 }]) {
        const result = estimate(stored, query);
        expect(Number.isFinite(result.amount)).toBe(true);
        expect(result.amount).toBeGreaterThan(0);
        expect(result.low).toBeGreaterThan(0);
        expect(result.low).toBeLessThanOrEqual(result.amount);
        expect(result.amount).toBeLessThanOrEqual(result.high);
      }
    }
    const ancient = estimate(models, { ...base, year: 1950, mileageKm: 1_900_000 });
    expect(ancient.clamped).toBe(true);
  });

  it('lowers the price with mileage and age (pooled model and car models with listings)', () => {
    for (const carModel of [null, ...carModels]) {
      const query = { ...base, carModel, newPrice: carModel === null ? 50_000 : null };
      const byMileage = [0, 50_000, 100_000, 200_000].map((mileageKm) => estimate(models, { ...query, mileageKm }).amount);
      const byAge = [2024, 2020, 2016, 2012].map((year) => estimate(models, { ...query, year }).amount);
      for (let i = 1; i < 4; i++) {
        expect(byMileage[i], `${carModel} mileage`).toBeLessThan(byMileage[i - 1]);
        expect(byAge[i], `${carModel} age`).toBeLessThan(byAge[i - 1]);
      }
    }
  });

  it('uses the pooled model outside what a car model own fit has seen', () => {
    const linear = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR, methods: ['linear'] });
    const inside = estimate(linear, { ...base, carModel: 'BMW_3_Series_E90_20082011', year: 2009, fuel: 'DIESEL', mileageKm: 150_000 });
    expect(inside.method).toBe('linear');
    expect(inside.fallbackFrom).toBeNull();
    const otherFuel = estimate(linear, { ...base, carModel: 'BMW_3_Series_E90_20082011', year: 2009, fuel: 'ELECTRIC', mileageKm: 150_000 });
    expect(otherFuel.method).toBe('pooled-offset');
    expect(otherFuel.fallbackFrom).toBe('linear');
    const otherYears = estimate(linear, { ...base, carModel: 'BMW_3_Series_E90_20082011', year: 2020, fuel: 'DIESEL' });
    expect(otherYears.fallbackFrom).toBe('linear');
  });

  it('needs the pooled entry only for pooled methods', () => {
    const linear = trainPriceModels(samples, { referenceYear: REFERENCE_YEAR, methods: ['linear'] });
    const withoutPooled = linear.filter((m) => m.carModel !== null);
    const inside = { ...base, carModel: 'AUDI_A6_2018Present', year: 2020 };
    expect(estimate(withoutPooled, inside)).toEqual(estimate(linear, inside));
    const error = thrown(() => estimate(withoutPooled, { ...base, carModel: 'UNSEEN', newPrice: 40_000 }));
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('takes a given new price over the listings one for pooled methods', () => {
    const pooled = estimate(models, { ...base, carModel: 'TOYOTA_Rav4_2018Present' });
    const dearer = estimate(models, { ...base, carModel: 'TOYOTA_Rav4_2018Present', newPrice: 50_000 });
    expect(pooled.newPriceUsed).toBe(37_000);
    expect(dearer.newPriceUsed).toBe(50_000);
    expect(dearer.amount).toBeGreaterThan(pooled.amount);
  });

  it('rejects invalid queries naming the field', () => {
    const cases: [Partial<PriceQuery>, string][] = [
      [{ mileageKm: -1 }, 'mileageKm'],
      [{ year: 1949 }, 'year'],
      [{ year: 2020.5 }, 'year'],
      [{ powerHp: 0 }, 'powerHp'],
      [{ powerHp: 2500 }, 'powerHp'],
      [{ newPrice: 0 }, 'newPrice'],
      [{ newPrice: -100 }, 'newPrice'],
      [{ fuel: 'STEAM' as never }, 'fuel'],
      [{ transmission: 'CVT' as never }, 'transmission'],
      [{ carModel: ' ' }, 'carModel'],
    ];
    for (const [change, field] of cases) {
      const query = { ...base, ...change };
      for (const run of [() => validatePriceQuery(query, new Date(2025, 5, 1)), () => estimate(models, query)]) {
        const error = thrown(run);
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.details.field).toBe(field);
        expect(error.message).toContain(field);
      }
    }
  });

  it('rejects a model year after next year, relative to the given date', () => {
    const now = new Date(2025, 5, 1);
    expect(validatePriceQuery({ ...base, year: 2026 }, now)).toEqual({ ...base, year: 2026 });
    const error = thrown(() => validatePriceQuery({ ...base, year: 2027 }, now));
    expect(error.details.field).toBe('year');
    expect(error.message).toContain('future');
  });
});
