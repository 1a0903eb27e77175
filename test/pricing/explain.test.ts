import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { toPriceSample } from '../../src/services/listings/price-training.js';
import { SEED_PRICE_MODELS, readShippedModels } from '../../src/bootstrap/pricing.js';
import { explainEstimate, referenceCars, referenceFor, type Explanation, type ReferenceCars } from '../../src/pricing/explain.js';
import { makeKey } from '../../src/pricing/features.js';
import { estimate, indexModels, type PriceModelSet } from '../../src/pricing/predict.js';
import { trainPriceModels } from '../../src/pricing/train.js';
import type { CarModelPriceModel, PriceQuery } from '../../src/pricing/types.js';
import { marketRows } from '../helpers/listings.js';

const shipped = indexModels(readShippedModels(path.join(loadConfig({}).seedDir, SEED_PRICE_MODELS))!.models);
const rows = await marketRows();
const references: ReferenceCars = referenceCars(
  rows.map((row) => ({ ...toPriceSample(row), carModel: row.vehicleModelId, make: makeKey(row.make) })),
);

const cents = (value: number): number => Math.round(value * 100);
/** The explanation adds up to the estimate to the cent, and its amount is the estimate's. */
function expectExact(set: PriceModelSet, query: PriceQuery): Explanation {
  const explanation = explainEstimate(set, query, referenceFor(references, query));
  expect(explanation.amount).toBe(estimate(set, query).amount);
  const sum = explanation.contributions.reduce((total, c) => total + cents(c.amountEur), 0);
  expect(cents(explanation.baseline) + sum).toBe(cents(explanation.amount));
  return explanation;
}

const carOf = (set: PriceModelSet, kind: string): CarModelPriceModel => [...set.byCarModel.values()].find((e) => e.kind === kind && e.trainingRows >= 30)!;
/** A car inside the car model's listings, but not its reference car. */
const insideListings = (entry: CarModelPriceModel): PriceQuery => ({
  carModel: entry.carModel,
  make: entry.make,
  year: entry.ranges.year[1],
  mileageKm: Math.round(entry.ranges.mileageKm[1] / 3),
  fuel: entry.typical.fuel,
  transmission: entry.typical.transmission,
  powerHp: entry.typical.powerHp,
  newPrice: null,
});

describe('reference cars', () => {
  it('are the median year, mileage and power and the most common fuel and gearbox of the listings', () => {
    const golf = references.byCarModel.get('volkswagen-golf')!;
    const golfRows = rows.filter((r) => r.vehicleModelId === 'volkswagen-golf');
    expect(golf.listings).toBe(golfRows.length);
    const years = golfRows.map((r) => r.modelYear).sort((a, b) => a - b);
    expect(golf.year).toBeGreaterThanOrEqual(years[Math.floor((golfRows.length - 1) / 2)]);
    expect(golf.year).toBeLessThanOrEqual(years[Math.ceil((golfRows.length - 1) / 2)]);
    const count = (fuel: string) => golfRows.filter((r) => r.fuel === fuel).length;
    for (const fuel of ['PETROL', 'DIESEL', 'HYBRID', 'ELECTRIC']) expect(count(golf.fuel)).toBeGreaterThanOrEqual(count(fuel));
    expect(references.byMake.get('volkswagen')!.listings).toBeGreaterThan(golf.listings);
    expect(references.market.listings).toBe(rows.length);
  });

  it('fall back from the car model to its make, then to the market', () => {
    expect(referenceFor(references, { carModel: 'volkswagen-golf', make: 'volkswagen' })).toBe(references.byCarModel.get('volkswagen-golf'));
    expect(referenceFor(references, { carModel: 'volkswagen-unseen', make: 'volkswagen' })).toBe(references.byMake.get('volkswagen'));
    expect(referenceFor(references, { carModel: null, make: 'nosuchmake' })).toBe(references.market);
  });
});

describe('explanations of the shipped models add up to the estimate, to the cent', () => {
  it.each(['gbm', 'linear', 'tree', 'blend'])('%s', (kind) => {
    const entry = carOf(shipped, kind);
    const query = { ...insideListings(entry), transmission: entry.ranges.transmissions.at(-1)! };
    expect(estimate(shipped, query)).toMatchObject({ method: kind, fallbackFrom: null });
    const explanation = expectExact(shipped, query);
    expect(explanation.contributions.length).toBeGreaterThanOrEqual(2);
  });

  it('an own fit bypassed for the trees outside its listings (fallback)', () => {
    const entry = carOf(shipped, 'linear');
    const query = { ...insideListings(entry), mileageKm: Math.round(entry.ranges.mileageKm[1] * 2) };
    expect(estimate(shipped, query)).toMatchObject({ method: 'gbm', fallbackFrom: 'linear' });
    expectExact(shipped, query);
  });

  it('gbm-make and gbm-make-new-price (a car model without listings), with the new price as an input of its own', () => {
    const query: PriceQuery = { carModel: 'volkswagen-unseen', make: 'volkswagen', year: 2012, mileageKm: 150_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 150, newPrice: null };
    expect(estimate(shipped, query).method).toBe('gbm-make');
    expectExact(shipped, query);
    const withNewPrice = { ...query, newPrice: 45_000 };
    expect(estimate(shipped, withNewPrice).method).toBe('gbm-make-new-price');
    const explanation = expectExact(shipped, withNewPrice);
    expect(explanation.contributions.map((c) => c.input)).toContain('newPrice');
    // The reference is priced without the new price, so the new price moves the estimate.
    expect(explanation.reference.newPrice).toBeNull();
  });

  it('a car of unknown make keeps the new price in its reference (nothing else prices it)', () => {
    const query: PriceQuery = { carModel: null, make: 'nosuchmake', year: 2015, mileageKm: 80_000, fuel: 'PETROL', transmission: 'MANUAL', powerHp: 90, newPrice: 25_000 };
    const explanation = expectExact(shipped, query);
    expect(explanation.reference.newPrice).toBe(25_000);
    expect(explanation.contributions.map((c) => c.input)).not.toContain('newPrice');
  });

  it('names the inputs in words with the typical values, and splits an older, more driven car into negative terms', () => {
    const golf: PriceQuery = { carModel: 'volkswagen-golf', make: 'volkswagen', year: 2012, mileageKm: 180_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 150, newPrice: null };
    const explanation = expectExact(shipped, golf);
    const byInput = Object.fromEntries(explanation.contributions.map((c) => [c.input, c]));
    expect(byInput.mileage.value).toMatch(/^mileage 180,000 km \(typical [\d,]+ km\)$/);
    expect(byInput.age.value).toMatch(/^age 9 years \(model year 2012; typical \d+ years?\)$/);
    expect(byInput.power.value).toMatch(/^150 hp \(typical \d+ hp\)$/);
    expect(byInput.mileage.amountEur).toBeLessThan(0);
    expect(byInput.age.amountEur).toBeLessThan(0);
    // Largest effect first.
    const sizes = explanation.contributions.map((c) => Math.abs(c.amountEur));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('the reference car itself has no contributions and its baseline is its estimate', () => {
    const reference = references.byCarModel.get('volkswagen-golf')!;
    const query: PriceQuery = { carModel: 'volkswagen-golf', make: 'volkswagen', ...reference, newPrice: null };
    const explanation = expectExact(shipped, query);
    expect(explanation.contributions).toEqual([]);
    expect(explanation.baseline).toBe(explanation.amount);
  });
});

describe('explanations of the new-price methods add up too, floor included', () => {
  // Listings with the car model's new price, as the study's files carry them: the pooled methods are trained then.
  const NEW_PRICES: Record<string, number> = { 'dacia-sandero': 12_000, 'volkswagen-polo': 19_000, 'fiat-500': 15_000, 'renault-clio': 17_000 };
  const samples = rows
    .filter((row) => row.vehicleModelId in NEW_PRICES)
    .map((row) => ({ ...toPriceSample(row), newPrice: NEW_PRICES[row.vehicleModelId] }));
  const trained = indexModels(
    trainPriceModels(samples, { gbm: { rounds: 30, learningRate: 0.25, maxLeaves: 16, minLeafRows: 10, l2: 5 }, data: { basis: 'test', asOf: '2021' } }),
  );
  const withKind = (kind: 'pooled' | 'pooled-offset'): PriceModelSet => {
    const entry = trained.byCarModel.get('volkswagen-polo')!;
    return { ...trained, byCarModel: new Map([...trained.byCarModel, ['volkswagen-polo', { ...entry, kind }]]) };
  };
  const polo: PriceQuery = { carModel: 'volkswagen-polo', make: 'volkswagen', year: 2013, mileageKm: 120_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 90, newPrice: 21_000 };

  it.each(['pooled', 'pooled-offset'] as const)('%s', (kind) => {
    const set = withKind(kind);
    expect(trained.market.pooled).not.toBeNull();
    expect(estimate(set, polo).method).toBe(kind);
    const explanation = expectExact(set, polo);
    expect(explanation.contributions.map((c) => c.input)).toContain('newPrice');
  });

  it('an estimate raised to the price floor', () => {
    const set = withKind('pooled');
    const worn = { ...polo, year: 2011, mileageKm: 990_000 };
    expect(estimate(set, worn)).toMatchObject({ method: 'pooled', clamped: true });
    expectExact(set, worn);
  });
});
