/**
 * A price for a car whose identity is in doubt: the probability-weighted
 * mixture of the candidates' predictive distributions.
 *
 * Each candidate's distribution is read off its estimate: the 80% interval is
 * its 10th and 90th percentiles, the estimate its median, the CDF linear in
 * between and continued with the same slopes to 0 and 1 (so it reaches 0 a
 * quarter of (amount - low) below low, and 1 a quarter of (high - amount)
 * above high). The mixture's CDF is the weighted sum; its median is the
 * amount, its 10th and 90th percentiles the interval. Candidates that agree
 * give back their own interval; candidates far apart widen it, so the doubt
 * about the car shows in the price.
 */

export interface MixtureComponent {
  /** Probability of the candidate (any scale: normalised here). */
  weight: number;
  amount: number;
  low: number;
  high: number;
}

export interface MixedPrice {
  amount: number;
  low: number;
  high: number;
  /** The components' weights, normalised to sum to 1 (same order). */
  weights: number[];
}

/** Knots (price, cumulative probability) of one candidate's piecewise-linear CDF. */
function knots({ amount, low, high }: MixtureComponent): [number, number][] {
  const below = Math.max(amount - low, 1e-6);
  const above = Math.max(high - amount, 1e-6);
  return [
    [amount - below * 1.25, 0],
    [amount - below, 0.1],
    [amount, 0.5],
    [amount + above, 0.9],
    [amount + above * 1.25, 1],
  ];
}

function cdf(points: [number, number][], price: number): number {
  if (price <= points[0][0]) return 0;
  for (let i = 1; i < points.length; i++) {
    const [x1, p1] = points[i];
    if (price <= x1) {
      const [x0, p0] = points[i - 1];
      return p0 + ((p1 - p0) * (price - x0)) / (x1 - x0);
    }
  }
  return 1;
}

/** @throws Error when there is nothing to mix (no component with a positive weight). */
export function mixPrices(components: readonly MixtureComponent[]): MixedPrice {
  const total = components.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
  if (!(total > 0)) throw new Error('mixPrices: no component with a positive weight');
  const weights = components.map((c) => Math.max(0, c.weight) / total);
  const curves = components.map(knots);
  const mixed = (price: number): number => curves.reduce((sum, points, i) => sum + weights[i] * cdf(points, price), 0);
  const lowest = Math.min(...curves.map((points) => points[0][0]));
  const highest = Math.max(...curves.map((points) => points[4][0]));
  // The mixture's CDF is continuous and non-decreasing: bisection finds each quantile to well under a cent.
  const quantile = (p: number): number => {
    let [a, b] = [lowest, highest];
    for (let i = 0; i < 60; i++) {
      const mid = (a + b) / 2;
      if (mixed(mid) < p) a = mid;
      else b = mid;
    }
    return (a + b) / 2;
  };
  const amount = Math.round(quantile(0.5));
  return { amount, low: Math.min(amount, Math.floor(quantile(0.1))), high: Math.max(amount, Math.ceil(quantile(0.9))), weights };
}
