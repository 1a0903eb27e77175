import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { SEED_PRICE_MODELS, readShippedModels } from '../../src/bootstrap/pricing.js';
import { estimate, indexModels, supportedYears } from '../../src/pricing/predict.js';
import type { PriceQuery } from '../../src/pricing/types.js';

const shipped = readShippedModels(path.join(loadConfig({}).seedDir, SEED_PRICE_MODELS))!;
const set = indexModels(shipped.models);
const golf: PriceQuery = {
  carModel: 'volkswagen-golf',
  make: 'volkswagen',
  year: 2016,
  mileageKm: 90_000,
  fuel: 'PETROL',
  transmission: 'MANUAL',
  powerHp: 110,
  newPrice: null,
};

const fieldOf = (query: PriceQuery): string | undefined => {
  try {
    estimate(set, query);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_USER_INPUT');
    return (error as AppError).details.field as string;
  }
};

describe('estimates from the shipped market models', () => {
  it('prices a car model with listings by its chosen method, inside an interval, saying what the data is', () => {
    const result = estimate(set, golf);
    const entry = set.byCarModel.get('volkswagen-golf')!;
    expect(result).toMatchObject({ hasListings: true, currency: 'EUR', intervalLevel: 0.8, listingsCount: entry.trainingRows });
    expect(result.method).toBe(entry.kind);
    expect(result.data).toEqual({ basis: 'asking prices, AutoScout24 Germany', asOf: '2021' });
    expect(result.low).toBeLessThan(result.amount);
    expect(result.high).toBeGreaterThan(result.amount);
    // A 2016 Golf with 90,000 km was listed at 8,000-20,000 EUR in 2021.
    expect(result.amount).toBeGreaterThan(8_000);
    expect(result.amount).toBeLessThan(20_000);
  });

  it('prices more mileage and more age lower', () => {
    const base = estimate(set, golf).amount;
    expect(estimate(set, { ...golf, mileageKm: 200_000 }).amount).toBeLessThan(base);
    expect(estimate(set, { ...golf, year: 2012 }).amount).toBeLessThan(base);
    expect(estimate(set, { ...golf, powerHp: 230 }).amount).toBeGreaterThan(base);
  });

  it('prices a car model without listings from its make, with a wider interval, and from a new price when given', () => {
    const unseen = estimate(set, { ...golf, carModel: 'volkswagen-not-in-the-data' });
    expect(unseen).toMatchObject({ method: 'gbm-make', hasListings: false });
    const seen = estimate(set, golf);
    expect((unseen.high - unseen.low) / unseen.amount).toBeGreaterThan((seen.high - seen.low) / seen.amount);
    expect(unseen.listingsCount).toBe(set.market.makes.volkswagen.rows);
    const withNewPrice = estimate(set, { ...golf, carModel: null, newPrice: 30_000 });
    expect(withNewPrice.method).toBe('gbm-make-new-price');
    expect(withNewPrice.amount).toBeLessThan(30_000);
  });

  it('answers a car of unknown make only when there is something to go on', () => {
    expect(fieldOf({ ...golf, carModel: null, make: 'nosuchmake' })).toBe('make');
    expect(estimate(set, { ...golf, carModel: null, make: 'nosuchmake', newPrice: 25_000 }).method).toBe('gbm-make-new-price');
  });

  it('refuses inputs outside what the data supports, naming the field', () => {
    const [minYear, maxYear] = supportedYears(set.market);
    expect([minYear, maxYear]).toEqual([2009, 2022]);
    expect(fieldOf({ ...golf, year: 2035 })).toBe('year');
    expect(fieldOf({ ...golf, year: 1990 })).toBe('year');
    expect(fieldOf({ ...golf, year: 2016.5 })).toBe('year');
    expect(fieldOf({ ...golf, mileageKm: 3_000_000 })).toBe('mileageKm');
    expect(fieldOf({ ...golf, mileageKm: -1 })).toBe('mileageKm');
    expect(fieldOf({ ...golf, powerHp: 0 })).toBe('powerHp');
    expect(fieldOf({ ...golf, powerHp: Number.NaN })).toBe('powerHp');
    expect(fieldOf({ ...golf, newPrice: 1e308 })).toBe('newPrice');
    expect(fieldOf({ ...golf, newPrice: 1.797e308 })).toBe('newPrice');
    expect(fieldOf(golf)).toBeUndefined();
  });

  it("bypasses a car model's own fit outside its listings (a fuel it never had) for the market-wide trees", () => {
    const own = [...set.byCarModel.values()].find((e) => (e.kind === 'linear' || e.kind === 'blend') && !e.ranges.fuels.includes('ELECTRIC'))!;
    const query: PriceQuery = { ...golf, carModel: own.carModel, make: own.make, ...own.typical, year: own.ranges.year[1] };
    expect(estimate(set, query)).toMatchObject({ method: own.kind, fallbackFrom: null });
    expect(estimate(set, { ...query, fuel: 'ELECTRIC' })).toMatchObject({ method: 'gbm', fallbackFrom: own.kind });
  });
});
