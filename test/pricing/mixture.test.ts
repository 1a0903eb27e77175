import { describe, expect, it } from 'vitest';
import { mixPrices } from '../../src/pricing/mixture.js';

const a = { amount: 10_000, low: 8_500, high: 12_000 };
const b = { amount: 16_000, low: 13_600, high: 19_200 };
const width = (p: { low: number; high: number }) => p.high - p.low;

describe('mixPrices', () => {
  it('gives back one candidate\'s own estimate and interval', () => {
    expect(mixPrices([{ weight: 0.7, ...a }])).toEqual({ ...a, weights: [1] });
    // Two candidates priced alike: nothing to doubt.
    expect(mixPrices([{ weight: 0.5, ...a }, { weight: 0.5, ...a }])).toMatchObject(a);
  });

  it('widens the interval as the probability spreads over candidates priced apart', () => {
    const widths = [1, 0.9, 0.75, 0.6, 0.5].map((top) => width(mixPrices([{ weight: top, ...a }, { weight: 1 - top, ...b }])));
    expect(widths[0]).toBe(width(a));
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]);
    const even = mixPrices([{ weight: 1, ...a }, { weight: 1, ...b }]);
    expect(even.weights).toEqual([0.5, 0.5]);
    // The interval covers both candidates' estimates, the median lies between them.
    expect(even.low).toBeLessThan(a.amount);
    expect(even.high).toBeGreaterThan(b.amount);
    expect(even.amount).toBeGreaterThan(a.amount);
    expect(even.amount).toBeLessThan(b.amount);
  });

  it('has the mixture\'s quantiles: 10% of the probability below low, 10% above high', () => {
    // Far apart, even weights: low is the first candidate's 20th percentile, high the second's 80th.
    const far = mixPrices([{ weight: 1, ...a }, { weight: 1, amount: 40_000, low: 35_000, high: 46_000 }]);
    expect(far.low).toBe(Math.floor(8_500 + (1_500 * 0.1) / 0.4));
    expect(far.high).toBe(Math.ceil(40_000 + (6_000 * 0.3) / 0.4));
  });

  it('refuses nothing to mix', () => {
    expect(() => mixPrices([])).toThrow(/no component/);
    expect(() => mixPrices([{ weight: 0, ...a }])).toThrow(/no component/);
  });
});
