/**
 * The pricing model card: what the loaded models were trained on and how well
 * they did out of sample (cross-validated error by price band and by car
 * model, measured interval coverage), from the stored models alone.
 */
import type { PriceModelSet } from './predict.js';
import type { BandedInterval, CarModelMethod, CvMetrics, IntervalSpec } from './types.js';

export interface MethodFigures {
  method: string;
  /** How the figures were measured. */
  validation: string;
  metrics: CvMetrics;
  coverage: number | null;
}

export interface PriceBandFigures {
  method: string;
  /** Predicted-price range of the band, EUR (null: open). */
  from: number | null;
  to: number | null;
  rows: number;
  /** The band's interval as multiples of the estimate. */
  low: number;
  high: number;
  coverage: number | null;
}

export interface CarModelFigures {
  carModel: string;
  method: CarModelMethod;
  trainingRows: number;
  metrics: CvMetrics;
  coverage: number | null;
  /** CV MAPE of every method compared for it. */
  candidates: { method: CarModelMethod; mape: number }[];
}

export interface PriceModelCard {
  referenceYear: number;
  trainingRows: number;
  carModels: number;
  makes: number;
  modelYears: [number, number];
  intervalLevel: number;
  /** The market-wide methods. */
  methods: MethodFigures[];
  byPriceBand: PriceBandFigures[];
  /** The chosen method of every car model with listings, weighted by its listings. */
  chosen: { rows: number; mape: number; medianApe: number | null; coverage: number | null; methods: { method: CarModelMethod; carModels: number }[] };
  byCarModel: CarModelFigures[];
}

function bands(method: string, interval: BandedInterval): PriceBandFigures[] {
  return interval.bands.map((band, b) => ({
    method,
    from: b === 0 ? null : interval.edges[b - 1],
    to: b < interval.edges.length ? interval.edges[b] : null,
    rows: band.rows,
    low: band.low,
    high: band.high,
    coverage: band.coverage,
  }));
}

const figures = (method: string, validation: string, metrics: CvMetrics, interval: BandedInterval | IntervalSpec): MethodFigures => ({
  method,
  validation,
  metrics,
  coverage: interval.coverage,
});

/** Weighted by listings, over the car models where `value` is known. */
function weighted<T>(items: readonly T[], weight: (item: T) => number, value: (item: T) => number | null | undefined): number | null {
  let sum = 0;
  let total = 0;
  for (const item of items) {
    const v = value(item);
    if (v === null || v === undefined) continue;
    sum += v * weight(item);
    total += weight(item);
  }
  return total === 0 ? null : sum / total;
}

export function priceModelCard(set: PriceModelSet): PriceModelCard {
  const { market } = set;
  const entries = [...set.byCarModel.values()].sort((a, b) => b.trainingRows - a.trainingRows || (a.carModel < b.carModel ? -1 : 1));
  const methods = [
    figures('gbm', 'k-fold cross-validation over all listings', market.gbm.metrics, market.gbm.interval),
    figures('gbm-make', 'whole car models left out (car models without listings)', market.gbmMake.metrics, market.gbmMake.interval),
  ];
  if (market.pooled) methods.push(figures('pooled', 'whole car models left out (new-price model)', market.pooled.metrics, market.pooled.interval));
  const counts = new Map<CarModelMethod, number>();
  for (const entry of entries) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  const rows = (entry: (typeof entries)[number]) => entry.trainingRows;
  return {
    referenceYear: market.referenceYear,
    trainingRows: market.trainingRows,
    carModels: entries.length,
    makes: Object.keys(market.makes).length,
    modelYears: market.ranges.year,
    intervalLevel: market.gbm.interval.level,
    methods,
    byPriceBand: [...bands('gbm', market.gbm.interval), ...bands('gbm-make', market.gbmMake.interval)],
    chosen: {
      rows: entries.reduce((sum, e) => sum + e.trainingRows, 0),
      mape: weighted(entries, rows, (e) => e.metrics.mape) ?? 0,
      medianApe: weighted(entries, rows, (e) => e.metrics.medianApe),
      coverage: weighted(entries, rows, (e) => e.interval.coverage),
      methods: [...counts].map(([method, carModels]) => ({ method, carModels })).sort((a, b) => b.carModels - a.carModels),
    },
    byCarModel: entries.map((entry) => ({
      carModel: entry.carModel,
      method: entry.kind,
      trainingRows: entry.trainingRows,
      metrics: entry.metrics,
      coverage: entry.interval.coverage,
      candidates: Object.entries(entry.candidates).flatMap(([method, candidate]) =>
        candidate ? [{ method: method as CarModelMethod, mape: candidate.metrics.mape }] : [],
      ),
    })),
  };
}
