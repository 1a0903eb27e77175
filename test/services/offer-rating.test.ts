import { describe, expect, it } from 'vitest';
import { OFFER_LABELS, MIN_LISTINGS_TO_RATE, rateOffer } from '../../src/services/pricing/offer-rating.js';

const estimate = { amount: 10_000, low: 8_000, high: 13_000, hasListings: true, listingsCount: 200, fallbackFrom: null };

describe('rateOffer', () => {
  it('cuts at the 10th, 30th, 70th and 90th percentiles of the interval-shaped distribution', () => {
    const rated = rateOffer(estimate, 10_000);
    expect(rated).toMatchObject({ label: 'FAIR', cutPoints: [8_000, 9_000, 11_500, 13_000], percentile: 50 });
    expect(rateOffer(estimate, 7_999).label).toBe('GREAT');
    expect(rateOffer(estimate, 8_000).label).toBe('GOOD');
    expect(rateOffer(estimate, 8_999.99).label).toBe('GOOD');
    expect(rateOffer(estimate, 9_000).label).toBe('FAIR');
    expect(rateOffer(estimate, 11_500)).toMatchObject({ label: 'HIGH', percentile: 70 });
    expect(rateOffer(estimate, 13_000)).toMatchObject({ label: 'OVERPRICED', percentile: 90 });
    expect(rateOffer(estimate, 8_000)).toMatchObject({ percentile: 10 });
  });

  it('labels never get better as the asking price rises, and the margin is the distance to the nearest cut point', () => {
    let last = -1;
    for (let price = 5_000; price <= 16_000; price += 125) {
      const rated = rateOffer(estimate, price);
      if (rated.label === 'NO_RATING') throw new Error('rated');
      const index = OFFER_LABELS.indexOf(rated.label);
      expect(index).toBeGreaterThanOrEqual(last);
      last = index;
      const nearest = Math.min(...rated.cutPoints.map((cut) => Math.abs(cut - price)));
      expect(rated.marginEur).toBeCloseTo(nearest, 2);
      expect(Math.abs(OFFER_LABELS.indexOf(rated.nextLabel) - index)).toBe(1);
    }
    expect(rateOffer(estimate, 12_000)).toMatchObject({ label: 'HIGH', nextLabel: 'FAIR', marginEur: 500 });
    expect(rateOffer(estimate, 12_600)).toMatchObject({ label: 'HIGH', nextLabel: 'OVERPRICED', marginEur: 400 });
  });

  it('does not rate against thin data, and says why', () => {
    expect(rateOffer({ ...estimate, hasListings: false }, 10_000)).toMatchObject({ label: 'NO_RATING', reason: expect.stringMatching(/no listings/) });
    expect(rateOffer({ ...estimate, listingsCount: MIN_LISTINGS_TO_RATE - 1 }, 10_000)).toMatchObject({
      label: 'NO_RATING',
      reason: `only ${MIN_LISTINGS_TO_RATE - 1} listings of this car model (${MIN_LISTINGS_TO_RATE} needed to rate an offer)`,
    });
    expect(rateOffer({ ...estimate, fallbackFrom: 'linear' }, 10_000)).toMatchObject({ label: 'NO_RATING', reason: expect.stringMatching(/outside/) });
  });
});
