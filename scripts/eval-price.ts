/**
 * `npm run eval:price`: cross-validated figures of every price method on the
 * shipped market listings: MAPE, median APE and 80 % interval coverage per
 * method and per band of the actual price, and the error on car models left
 * out whole (how a car model without listings is priced).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { ListingRepository } from '../src/db/repositories/listings.js';
import { dataBasis, toPriceSample } from '../src/services/listings/price-training.js';
import { bandFor } from '../src/pricing/metrics.js';
import { PRICE_MODELS } from '../src/pricing/kinds/index.js';
import { percent, table } from '../src/pricing/report.js';
import { trainPriceModels, type OutOfFold } from '../src/pricing/train.js';
import type { MarketPriceModel } from '../src/pricing/types.js';
import { openSeeded, withProgress } from './lib/pricing.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvalue-eval-'));
const config = loadConfig({ DATABASE_PATH: path.join(dir, 'eval.sqlite'), LOG_LEVEL: 'silent' });
const database = await openSeeded(config);
const rows = await new ListingRepository(database).trainingRows();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });

let oof: OutOfFold | null = null;
const started = performance.now();
const models = await withProgress('cross-validating', (onProgress) =>
  trainPriceModels(rows.map(toPriceSample), { data: dataBasis(rows), onProgress, onOutOfFold: (data) => (oof = data) }),
);
const seconds = (performance.now() - started) / 1000;
const market = models[0] as MarketPriceModel;
const { samples, predictions, chosen, unseenInterval } = oof!;
const actual = samples.map((s) => s.price);

interface Scored {
  prediction: number;
  low: number | null;
  high: number | null;
}
function figures(indices: readonly number[], scored: (i: number) => Scored | null): string[] {
  const ape: number[] = [];
  let covered = 0;
  let withInterval = 0;
  for (const i of indices) {
    const s = scored(i);
    if (!s) continue;
    ape.push(Math.abs(s.prediction - actual[i]) / actual[i]);
    if (s.low !== null && s.high !== null) {
      withInterval += 1;
      if (actual[i] >= s.low && actual[i] <= s.high) covered += 1;
    }
  }
  if (ape.length === 0) return ['0', '-', '-', '-'];
  const sorted = [...ape].sort((a, b) => a - b);
  return [
    String(ape.length),
    percent(ape.reduce((a, b) => a + b, 0) / ape.length),
    percent(sorted[Math.floor(sorted.length / 2)]),
    withInterval > 0 ? percent(covered / withInterval) : '-',
  ];
}

const all = samples.map((_, i) => i);
const plain = (method: keyof OutOfFold['predictions']) => (i: number): Scored | null => {
  const p = predictions[method][i];
  return p === null ? null : { prediction: p, low: null, high: null };
};
type Method = [string, (i: number) => Scored | null];
const chosenMethod: Method = ['chosen per car model', (i) => chosen[i]];
const unseenMethod: Method = ['gbm-make, car models left out', (i) => ({ prediction: predictions['gbm-make'][i]!, ...unseenInterval[i] })];
const methods: Method[] = [
  chosenMethod,
  ['gbm', (i) => {
    const p = predictions.gbm[i]!;
    const band = bandFor(market.gbm.interval, p);
    return { prediction: p, low: p * (1 + band.low), high: p * (1 + band.high) };
  }],
  // The other kinds compared per car model, on the car models they apply to (own fits: >= 20 listings).
  ...PRICE_MODELS.carModelKinds
    .filter((kind) => kind !== PRICE_MODELS.fallback && predictions[kind.method].some((p) => p !== null))
    .map((kind): Method => [`${kind.describe.label} (car models it applies to)`, plain(kind.method)]),
  unseenMethod,
];

console.log(`Cross-validated on ${samples.length} listings (${market.data.basis}, as of ${market.data.asOf}) in ${seconds.toFixed(1)} s`);
console.log('\nPer method (k-fold over rows; gbm-make: 5 folds of whole car models):');
console.log(table(['method', 'rows', 'MAPE', 'median APE', '80% coverage'], methods.map(([name, scored]) => [name, ...figures(all, scored)])).join('\n'));

const bands: [string, number, number][] = [
  ['< 5,000 EUR', 0, 5_000],
  ['5,000-10,000', 5_000, 10_000],
  ['10,000-20,000', 10_000, 20_000],
  ['20,000-40,000', 20_000, 40_000],
  ['>= 40,000', 40_000, Infinity],
];
for (const [name, scored] of [chosenMethod, unseenMethod]) {
  console.log(`\n${name}, by band of the actual price:`);
  console.log(
    table(
      ['band', 'rows', 'MAPE', 'median APE', '80% coverage'],
      bands.map(([label, lo, hi]) => [label, ...figures(all.filter((i) => actual[i] >= lo && actual[i] < hi), scored)]),
    ).join('\n'),
  );
}

const sizes = new Map<string, number>();
for (const s of samples) sizes.set(s.carModel, (sizes.get(s.carModel) ?? 0) + 1);
console.log('\nCar models left out whole (gbm-make), by how many listings the car model has:');
console.log(
  table(
    ['car models with', 'rows', 'MAPE', 'median APE', '80% coverage'],
    [
      ['< 20 listings', (n: number) => n < 20],
      ['20-199 listings', (n: number) => n >= 20 && n < 200],
      ['>= 200 listings', (n: number) => n >= 200],
    ].map(([label, keep]) => [
      label as string,
      ...figures(
        all.filter((i) => (keep as (n: number) => boolean)(sizes.get(samples[i].carModel)!)),
        unseenMethod[1],
      ),
    ]),
  ).join('\n'),
);
