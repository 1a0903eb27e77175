import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { EstimatePriceDocument, PriceCurveDocument } from '../generated/operations.js';

const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const fieldOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.field;
const golf = { make: 'VW', model: 'Golf', year: 2016, mileageKm: 90_000, fuel: 'PETROL' as const, transmission: 'MANUAL' as const, powerHp: 110 };

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('PriceEstimate.curve over HTTP', () => {
  it('MILEAGE: from 0 to 300,000 km, year fixed, each point what estimatePrice answers for that car', async () => {
    const { data, errors } = await service.gql(PriceCurveDocument, { input: golf, by: 'MILEAGE', points: 7 });
    expect(errors).toBeUndefined();
    const { curve } = data!.estimatePrice;
    expect(curve.map((p) => p.mileageKm)).toEqual([0, 50_000, 100_000, 150_000, 200_000, 250_000, 300_000]);
    for (const point of curve) {
      expect(point.year).toBe(2016);
      expect(point.low).toBeLessThanOrEqual(point.amount);
      expect(point.high).toBeGreaterThanOrEqual(point.amount);
    }
    expect(curve[0].amount).toBeGreaterThan(curve.at(-1)!.amount);
    const at150k = (await service.gql(EstimatePriceDocument, { input: { ...golf, mileageKm: 150_000 } })).data!.estimatePrice;
    expect(curve[3]).toMatchObject({ amount: at150k.amount, low: at150k.low, high: at150k.high, method: at150k.method });
  });

  it('AGE: every supported model year once, newest first, mileage fixed', async () => {
    const { data } = await service.gql(PriceCurveDocument, { input: golf, by: 'AGE', points: 50 });
    const { curve } = data!.estimatePrice;
    expect(curve.map((p) => p.year)).toEqual(Array.from({ length: 14 }, (_, i) => 2022 - i));
    for (const point of curve) expect(point.mileageKm).toBe(90_000);
    expect(curve[1].amount).toBeGreaterThan(curve.at(-1)!.amount);
    const fewer = (await service.gql(PriceCurveDocument, { input: golf, by: 'AGE' })).data!.estimatePrice.curve;
    expect(fewer).toHaveLength(11);
  });

  it.each([1, 51])('BAD_USER_INPUT naming points for %s', async (points) => {
    const body = await service.gql(PriceCurveDocument, { input: golf, by: 'MILEAGE', points });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(fieldOf(body)).toBe('points');
  });

  it('BAD_USER_INPUT for an unknown input', async () => {
    const body = await service.gql(PriceCurveDocument, { input: golf, by: 'COLOUR' as never });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
  });
});
