/** Text tables of the cross-validated figures, for the train:prices and eval:price CLIs. */
import { percent } from './format.js';
import { PRICE_MODELS, type PriceModelRegistry } from './kinds/index.js';
import type { BandedInterval, CarModelPriceModel, MarketPriceModel, StoredPriceModel } from './types.js';

export { percent };

/** Aligned text table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const eur = (value: number): string => `${Math.round(value).toLocaleString('en-US')} EUR`;

/**
 * The market models' figures (k-fold, and leaving whole car models out),
 * their intervals by price band, then per car model with at least `minRows`
 * listings: CV MAPE of each method, the chosen one and its interval coverage;
 * last, what each method is.
 */
export function formatPriceModelReport(models: readonly StoredPriceModel[], minRows = 100, registry: PriceModelRegistry = PRICE_MODELS): string {
  const market = models.find((m): m is MarketPriceModel => m.carModel === null);
  const carModels = models.filter((m): m is CarModelPriceModel => m.carModel !== null);
  const lines: string[] = ['Used-car price models (cross-validated; MAPE = mean absolute percentage error)', ''];
  if (market) {
    lines.push(
      `Data: ${market.trainingRows} listings (${market.data.basis}, as of ${market.data.asOf ?? 'unknown'}), ` +
        `${carModels.length} car models, model years ${market.ranges.year[0]}-${market.ranges.year[1]}; trainer ${market.trainer}`,
    );
    // The market-wide models, each described by its kind.
    const banded: [string, BandedInterval][] = [];
    for (const { describe } of registry.kinds) {
      const figures = describe.market?.(market);
      if (!figures) continue;
      lines.push(figures.line);
      if (figures.bands) banded.push([describe.label, figures.bands]);
    }
    lines.push('', 'Intervals by band of the predicted price:');
    for (const [name, interval] of banded) {
      const rows = interval.bands.map((band, b) => [
        `${name} ${b === 0 ? '<' : '>='} ${eur(b === 0 ? interval.edges[0] ?? Infinity : interval.edges[b - 1])}`,
        String(band.rows),
        `${percent(band.low)} / +${percent(band.high)}`,
        percent(band.coverage),
      ]);
      lines.push(...table(['band', 'rows', 'interval', 'coverage'], rows), '');
    }
  }
  const totalRows = carModels.reduce((sum, m) => sum + m.trainingRows, 0);
  if (totalRows > 0) {
    const weighted = (value: (m: CarModelPriceModel) => number | null): number | null => {
      const known = carModels.filter((m) => value(m) !== null);
      const weight = known.reduce((sum, m) => sum + m.trainingRows, 0);
      return weight === 0 ? null : known.reduce((sum, m) => sum + value(m)! * m.trainingRows, 0) / weight;
    };
    const counts = new Map<string, number>();
    for (const m of carModels) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
    lines.push(
      `Chosen methods over all ${totalRows} listings: MAPE ${percent(weighted((m) => m.metrics.mape))}, ` +
        `median APE ${percent(weighted((m) => m.metrics.medianApe ?? null))}, ` +
        `coverage of own intervals ${percent(weighted((m) => m.interval.coverage))}; ` +
        [...counts].map(([kind, n]) => `${kind} ${n}`).join(', '),
      '',
    );
  }
  const shown = carModels.filter((m) => m.trainingRows >= minRows);
  if (shown.length > 0) {
    const kinds = registry.carModelKinds;
    const header = ['Car model', 'Rows', ...kinds.map((kind) => kind.describe.label), 'chosen', 'coverage'];
    const rows = shown.map((m) => [
      m.carModel,
      String(m.trainingRows),
      ...kinds.map((kind) => percent(m.candidates[kind.method]?.metrics.mape)),
      m.kind,
      percent(m.interval.coverage, 0),
    ]);
    lines.push(`Car models with at least ${minRows} listings:`, ...table(header, rows), '');
  }
  lines.push('Methods:', ...registry.kinds.map(({ method, describe }) => `  ${method}: ${describe.summary}`));
  return `${lines.join('\n')}\n`;
}
