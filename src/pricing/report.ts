/** Text table of the cross-validated figures, for the train:prices CLI. */
import type { CarModelPriceModel, PooledPriceModel, StoredPriceModel } from './types.js';

const percent = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '-' : `${(value * 100).toFixed(digits)}%`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  // Text columns left-aligned, figures right-aligned.
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 0 || c === cells.length - 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/**
 * Per car model: listings, CV MAPE of each method ('-' where it could not be
 * fitted), the chosen method and the CV coverage of its 80 % interval; then
 * the row-weighted totals and the pooled model's figures on unseen car models.
 */
export function formatPriceModelReport(models: readonly StoredPriceModel[]): string {
  const carModels = models.filter((m): m is CarModelPriceModel => m.carModel !== null);
  const pooled = models.find((m): m is PooledPriceModel => m.carModel === null);
  const level = carModels[0]?.interval.level ?? pooled?.interval.level ?? 0.8;
  const header = [
    'Car model',
    'Rows',
    'Linear',
    'Tree',
    'Pooled',
    'Pooled+offset',
    'Chosen',
    `Coverage ${Math.round(level * 100)}%`,
  ];
  const rows = carModels.map((m) => [
    m.carModel,
    String(m.trainingRows),
    percent(m.candidates.linear?.metrics.mape),
    percent(m.candidates.tree?.metrics.mape),
    percent(m.candidates.pooled?.metrics.mape),
    percent(m.candidates['pooled-offset']?.metrics.mape),
    m.kind,
    percent(m.interval.coverage, 0),
  ]);
  const lines = ['Used-car price models (cross-validated; MAPE = mean absolute percentage error)', '', ...table(header, rows)];

  const totalRows = carModels.reduce((sum, m) => sum + m.trainingRows, 0);
  if (totalRows > 0) {
    const weighted = (value: (m: CarModelPriceModel) => number | null): number | null => {
      const known = carModels.filter((m) => value(m) !== null);
      const weight = known.reduce((sum, m) => sum + m.trainingRows, 0);
      return weight === 0 ? null : known.reduce((sum, m) => sum + value(m)! * m.trainingRows, 0) / weight;
    };
    lines.push(
      '',
      `Chosen methods, all ${totalRows} listings: MAPE ${percent(weighted((m) => m.metrics.mape))}, ` +
        `interval coverage ${percent(weighted((m) => m.interval.coverage), 0)}`,
    );
  }
  if (pooled) {
    const how = pooled.leaveOneCarModelOut ? 'leave-one-car-model-out' : 'k-fold, no other car model to leave out';
    lines.push(
      `Car models without listings (pooled model from the new price, ${how}): MAPE ${percent(pooled.metrics.mape)}, ` +
        `interval coverage ${percent(pooled.interval.coverage, 0)}`,
      `Pooled model k-fold MAPE ${percent(pooled.cv.mape)} on ${pooled.trainingRows} listings; ` +
        `offset prior strength k = ${pooled.offsetPriorStrength}; reference year ${pooled.referenceYear}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
