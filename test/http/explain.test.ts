import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { ExplainPriceDocument, PriceComparablesDocument, type ExplainPriceQueryVariables, type PriceComparablesQuery } from '../generated/operations.js';

type PriceInput = ExplainPriceQueryVariables['input'];
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const fieldOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.field;
const cents = (value: number): number => Math.round(value * 100);

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('PriceEstimate.explanation over HTTP', () => {
  // One car per method the API can answer with (the shipped models choose these methods for these car models).
  it.each<[string, PriceInput, { method: string; fallbackFrom?: string }]>([
    ['gbm', { make: 'VW', model: 'Golf', year: 2014, mileageKm: 140_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 150 }, { method: 'gbm' }],
    ['linear', { make: 'Audi', model: 'A1', year: 2019, mileageKm: 30_000, fuel: 'PETROL', transmission: 'MANUAL', powerHp: 95 }, { method: 'linear' }],
    ['tree', { make: 'Audi', model: 'Q7', year: 2016, mileageKm: 120_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 272 }, { method: 'tree' }],
    ['blend', { make: 'BMW', model: '320d', year: 2013, mileageKm: 160_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 184 }, { method: 'blend' }],
    ['fallback', { make: 'Audi', model: 'A1', year: 2012, mileageKm: 600_000, fuel: 'DIESEL', transmission: 'MANUAL', powerHp: 90 }, { method: 'gbm', fallbackFrom: 'linear' }],
    ['gbm-make', { make: 'Renault', model: 'Symbol', year: 2015, mileageKm: 80_000 }, { method: 'gbm-make' }],
    ['gbm-make-new-price', { make: 'Volkswagen', model: 'Kombi T1', year: 2015, mileageKm: 80_000, newPrice: 40_000 }, { method: 'gbm-make-new-price' }],
    ['unknown make', { make: 'Trabant', model: '601', year: 2012, mileageKm: 90_000, newPrice: 12_000 }, { method: 'gbm-make-new-price' }],
  ])('%s: baseline + contributions = amount, to the cent', async (_name, input, expected) => {
    const { data, errors } = await service.gql(ExplainPriceDocument, { input });
    expect(errors).toBeUndefined();
    const estimate = data!.estimatePrice;
    expect(estimate).toMatchObject({ fallbackFrom: null, ...expected });
    const { baseline, contributions, referenceListings } = estimate.explanation;
    expect(cents(baseline) + contributions.reduce((sum, c) => sum + cents(c.amountEur), 0)).toBe(cents(estimate.amount));
    expect(referenceListings).toBeGreaterThan(0);
    expect(contributions.length).toBeGreaterThan(0);
    for (const c of contributions) expect(['age', 'mileage', 'fuel', 'transmission', 'power', 'newPrice']).toContain(c.feature);
  });

  it('says what the contributions are in words, against the car model\'s typical listing', async () => {
    const { data } = await service.gql(ExplainPriceDocument, {
      input: { make: 'VW', model: 'Golf', year: 2012, mileageKm: 180_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 150 },
    });
    const { explanation } = data!.estimatePrice;
    const mileage = explanation.contributions.find((c) => c.feature === 'mileage')!;
    expect(mileage.value).toBe(`mileage 180,000 km (typical ${explanation.reference.mileageKm.toLocaleString('en-US')} km)`);
    expect(mileage.amountEur).toBeLessThan(0);
    expect(explanation.contributions.find((c) => c.feature === 'power')!.value).toBe(`150 hp (typical ${explanation.reference.powerHp} hp)`);
    expect(explanation.referenceListings).toBeGreaterThan(1_000);
  });
});

describe('PriceEstimate.comparables over HTTP', () => {
  it.each([
    ['VW', 'Golf', 'volkswagen-golf'],
    ['BMW', '320d', 'bmw-3-series'],
    ['Dacia', 'Sandero', 'dacia-sandero'],
    ['Audi', 'Q7', 'audi-q7'],
  ])('%s %s: listings of that car model only, nearest first', async (make, model, id) => {
    const input = { make, model, year: 2016, mileageKm: 90_000 };
    const { data, errors } = await service.gql(PriceComparablesDocument, { input, first: 8 });
    expect(errors).toBeUndefined();
    const { comparables, vehicle } = data!.estimatePrice;
    expect(vehicle!.id).toBe(id);
    expect(comparables.edges).toHaveLength(8);
    expect(comparables.totalCount).toBeGreaterThan(8);
    const distances = comparables.edges.map((e) => e.node.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const { node } of comparables.edges) {
      expect(node.vehicleId).toBe(id);
      expect(node.price).toBeGreaterThan(0);
      expect(Math.abs(node.car.year - 2016)).toBeLessThanOrEqual(node.distance);
    }
  });

  it('pages through all of them with cursors, each listing once, none of another car model', async () => {
    const input = { make: 'Audi', model: 'Q7', year: 2016, mileageKm: 90_000 };
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const body: GraphQLBody<PriceComparablesQuery> = await service.gql(PriceComparablesDocument, { input, first: 10, after });
      const { comparables } = body.data!.estimatePrice;
      total = comparables.totalCount;
      expect(comparables.pageInfo.hasPreviousPage).toBe(page > 0);
      for (const { node } of comparables.edges) {
        expect(node.vehicleId).toBe('audi-q7');
        seen.push(node.id);
      }
      if (!comparables.pageInfo.hasNextPage) break;
      after = comparables.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('describes how each differs, and a car model without listings has none', async () => {
    const input = { make: 'Dacia', model: 'Sandero', year: 2016, mileageKm: 90_000, fuel: 'PETROL' as const, transmission: 'MANUAL' as const, powerHp: 75 };
    const { data } = await service.gql(PriceComparablesDocument, { input, first: 5 });
    for (const { node } of data!.estimatePrice.comparables.edges) {
      if (node.car.year < 2016) expect(node.differences).toContain(`${2016 - node.car.year} year${2016 - node.car.year === 1 ? '' : 's'} older`);
      if (node.car.mileageKm > 90_000) expect(node.differences).toContain(`${(node.car.mileageKm - 90_000).toLocaleString('en-US')} km more`);
    }
    const none = await service.gql(PriceComparablesDocument, { input: { make: 'Renault', model: 'Symbol', year: 2015, mileageKm: 80_000 } });
    expect(none.data!.estimatePrice.comparables).toMatchObject({ totalCount: 0, edges: [] });
  });

  it.each([
    ['first', { first: 0 }],
    ['first', { first: 51 }],
    ['after', { after: 'not-a-cursor' }],
  ])('BAD_USER_INPUT naming %s for %o', async (field, args) => {
    const body = await service.gql(PriceComparablesDocument, { input: { make: 'VW', model: 'Golf', year: 2016, mileageKm: 90_000 }, ...args });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(fieldOf(body)).toBe(field);
  });
});
