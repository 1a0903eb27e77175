/** Error and interval figures used to compare methods and to report them. */
import type { BandedInterval, CvMetrics } from './types.js';

/** MAE (EUR), MAPE (fraction) and RMSE (EUR) of predictions against actual prices. */
export function errorMetrics(actual: readonly number[], predicted: readonly number[]): CvMetrics {
  if (actual.length !== predicted.length) throw new Error('errorMetrics: length mismatch');
  const n = actual.length;
  if (n === 0) return { rows: 0, mae: Number.NaN, mape: Number.NaN, rmse: Number.NaN };
  let abs = 0;
  let pct = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const error = predicted[i] - actual[i];
    abs += Math.abs(error);
    pct += Math.abs(error) / actual[i];
    sq += error * error;
  }
  return { rows: n, mae: abs / n, mape: pct / n, rmse: Math.sqrt(sq / n) };
}

/** Relative residual actual / predicted - 1: the interval is a multiple of the estimate. */
export function relativeResiduals(actual: readonly number[], predicted: readonly number[]): number[] {
  return actual.map((value, i) => value / predicted[i] - 1);
}

/** Quantile of ascending-sorted values, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const ascending = (a: number, b: number): number => a - b;

/**
 * 1-based ranks of the order statistics bounding a central `level` interval
 * of n residuals: the split-conformal rule floor/ceil((n + 1) * p). Plain
 * interpolated quantiles of 10 to 30 residuals cover a new price less often
 * than `level` says; these ranks cover it `level` of the time or slightly more.
 */
export function intervalRanks(n: number, level: number): { low: number; high: number } {
  return {
    low: Math.min(n, Math.max(1, Math.floor((n + 1) * ((1 - level) / 2)))),
    high: Math.max(1, Math.min(n, Math.ceil((n + 1) * ((1 + level) / 2)))),
  };
}

/** Central interval of relative residuals (see intervalRanks). */
export function residualInterval(residuals: readonly number[], level: number): { low: number; high: number } {
  const n = residuals.length;
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const sorted = [...residuals].sort(ascending);
  const ranks = intervalRanks(n, level);
  return { low: sorted[ranks.low - 1], high: sorted[ranks.high - 1] };
}

/**
 * Out-of-sample coverage of residual intervals: each residual is checked
 * against the interval built from the residuals of the other groups only
 * (groups: car models; no groups: every row on its own). Checking against an
 * interval that includes the row itself would report ~80 % by construction.
 */
export function leaveOutCoverage(residuals: readonly number[], level: number, groups?: readonly string[]): number {
  const n = residuals.length;
  if (n < 3) return Number.NaN;
  let inside = 0;
  if (!groups) {
    // The order statistics of the other n - 1 residuals, read off one sort.
    const order = residuals.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value || a.index - b.index);
    const sorted = order.map((entry) => entry.value);
    const rank = new Array<number>(n);
    order.forEach((entry, position) => (rank[entry.index] = position));
    const ranks = intervalRanks(n - 1, level);
    const without = (skip: number, j: number): number => sorted[j < skip ? j : j + 1];
    for (let i = 0; i < n; i++) {
      const low = without(rank[i], ranks.low - 1);
      const high = without(rank[i], ranks.high - 1);
      if (residuals[i] >= low && residuals[i] <= high) inside++;
    }
    return inside / n;
  }
  const names = [...new Set(groups)].sort();
  if (names.length < 2) return Number.NaN;
  for (const name of names) {
    const { low, high } = residualInterval(
      residuals.filter((_, i) => groups[i] !== name),
      level,
    );
    residuals.forEach((value, i) => {
      if (groups[i] === name && value >= low && value <= high) inside++;
    });
  }
  return inside / n;
}

export function median(values: readonly number[]): number {
  return quantileSorted([...values].sort(ascending), 0.5);
}

/** MAPE plus the median absolute percentage error, which one wild listing cannot move. */
export function errorMetricsWithMedian(actual: readonly number[], predicted: readonly number[]): CvMetrics {
  const metrics = errorMetrics(actual, predicted);
  if (actual.length === 0) return metrics;
  return { ...metrics, medianApe: median(actual.map((value, i) => Math.abs(predicted[i] - value) / value)) };
}

/** Index of the band `value` falls in: the first edge >= value, else the last band. */
export function bandOf(edges: readonly number[], value: number): number {
  let band = 0;
  while (band < edges.length && value > edges[band]) band++;
  return band;
}

/**
 * Split-conformal intervals by band of the predicted price, from out-of-fold
 * predictions: band edges at quantiles of the predictions, each band's
 * interval from its own relative residuals. Coverage is measured out of
 * sample: each group's (fold's or car model's) residuals are checked against
 * the band intervals built from the other groups.
 */
export function bandedInterval(
  actual: readonly number[],
  predicted: readonly number[],
  groups: readonly (string | number)[],
  level: number,
  bandCount: number,
): BandedInterval {
  const sortedPredictions = [...predicted].sort(ascending);
  const edges: number[] = [];
  for (let b = 1; b < bandCount; b++) {
    const edge = quantileSorted(sortedPredictions, b / bandCount);
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  const residuals = relativeResiduals(actual, predicted);
  const bandIndex = predicted.map((p) => bandOf(edges, p));
  const names = [...new Set(groups)];
  const bands = Array.from({ length: edges.length + 1 }, (_, b) => {
    const own = residuals.filter((_, i) => bandIndex[i] === b);
    const { low, high } = residualInterval(own, level);
    let inside = 0;
    let checked = 0;
    if (names.length >= 2) {
      for (const name of names) {
        const mine = residuals.flatMap((r, i) => (bandIndex[i] === b && groups[i] === name ? [r] : []));
        if (mine.length === 0) continue;
        const others = residualInterval(
          residuals.filter((_, i) => bandIndex[i] === b && groups[i] !== name),
          level,
        );
        inside += mine.filter((r) => r >= others.low && r <= others.high).length;
        checked += mine.length;
      }
    }
    return { low, high, coverage: checked > 0 ? inside / checked : null, rows: own.length, inside, checked };
  });
  const checked = bands.reduce((sum, b) => sum + b.checked, 0);
  return {
    level,
    edges,
    bands: bands.map(({ low, high, coverage, rows }) => ({ low, high, coverage, rows })),
    coverage: checked > 0 ? bands.reduce((sum, b) => sum + b.inside, 0) / checked : null,
  };
}

/** The interval of the band `predicted` falls in, as multiples of the estimate. */
export function bandFor(interval: BandedInterval, predicted: number): { low: number; high: number } {
  const band = interval.bands[bandOf(interval.edges, predicted)];
  return { low: band.low, high: band.high };
}
