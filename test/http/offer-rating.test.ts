import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { RateOfferDocument } from '../generated/operations.js';

const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const fieldOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.field;
const ORDER = ['GREAT', 'GOOD', 'FAIR', 'HIGH', 'OVERPRICED'];

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stopAndClean());

describe('rateOffer over HTTP', () => {
  it.each([
    { make: 'VW', model: 'Golf', year: 2016, mileageKm: 90_000 },
    { make: 'BMW', model: '320d', year: 2014, mileageKm: 150_000 },
    { make: 'Dacia', model: 'Sandero', year: 2018, mileageKm: 40_000 },
  ])('labels move monotonically with the asking price: %o', async (input) => {
    const first = await service.gql(RateOfferDocument, { input, askingPrice: 1_000 });
    expect(first.errors).toBeUndefined();
    const { amount, low, high } = first.data!.rateOffer.estimate;
    const seen: string[] = [];
    for (const share of [0.5, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.2, 1.4, 2]) {
      const askingPrice = Math.round(amount * share);
      const { data, errors } = await service.gql(RateOfferDocument, { input, askingPrice });
      expect(errors).toBeUndefined();
      const rating = data!.rateOffer;
      expect(rating.reason).toBeNull();
      expect(rating.cutPoints).toMatchObject({ good: low, overpriced: high });
      if (seen.length > 0) expect(ORDER.indexOf(rating.label)).toBeGreaterThanOrEqual(ORDER.indexOf(seen.at(-1)!));
      seen.push(rating.label);
      expect(rating.marginEur).toBeGreaterThanOrEqual(0);
    }
    expect(seen[0]).toBe('GREAT');
    expect(seen).toContain('FAIR');
    expect(seen.at(-1)).toBe('OVERPRICED');
  });

  it('NO_RATING with the reason for a car model without listings or with few', async () => {
    const unseen = await service.gql(RateOfferDocument, { input: { make: 'Renault', model: 'Symbol', year: 2015, mileageKm: 80_000 }, askingPrice: 6_000 });
    expect(unseen.data!.rateOffer).toMatchObject({ label: 'NO_RATING', reason: expect.stringMatching(/no listings/), cutPoints: null, marginEur: null });
    expect(unseen.data!.rateOffer.estimate.hasListings).toBe(false);
    const few = await service.gql(RateOfferDocument, { input: { make: 'Abarth', model: '695', year: 2018, mileageKm: 30_000 }, askingPrice: 20_000 });
    expect(few.data!.rateOffer).toMatchObject({ label: 'NO_RATING', reason: expect.stringMatching(/^only \d+ listings/) });
  });

  it.each([0, -5, 2_000_000, Number.MAX_VALUE])('BAD_USER_INPUT naming askingPrice for %s', async (askingPrice) => {
    const body = await service.gql(RateOfferDocument, { input: { make: 'VW', model: 'Golf', year: 2016, mileageKm: 90_000 }, askingPrice });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(fieldOf(body)).toBe('askingPrice');
  });
});
