/** Market listings of the seeded template database, as training rows and price samples, for engine tests. */
import fs from 'node:fs';
import { openSqlite } from '../../src/db/client.js';
import { ListingRepository, type TrainingRow } from '../../src/db/repositories/listings.js';
import { loadConfig } from '../../src/config.js';
import { toPriceSample } from '../../src/services/listings/price-training.js';
import type { PriceSample } from '../../src/pricing/types.js';

let cached: TrainingRow[] | null = null;

export async function marketRows(): Promise<TrainingRow[]> {
  if (cached) return cached;
  const file = process.env.CARVALUE_TEMPLATE_DB;
  if (!file) throw new Error('CARVALUE_TEMPLATE_DB is not set: run the tests through vitest (see test/setup/template-database.ts)');
  const storage = openSqlite(file, loadConfig({}).storage.migrationsDir);
  try {
    cached = await new ListingRepository(storage).trainingRows();
  } finally {
    await storage.close();
  }
  return cached;
}

/** The listings of these car models only. */
export async function marketSamples(carModels: readonly string[]): Promise<PriceSample[]> {
  const keep = new Set(carModels);
  return (await marketRows())
    .filter((row) => keep.has(row.vehicleModelId))
    .map(toPriceSample);
}

/** The header of the study's French listing files. */
const STUDY_HEADER = fs.readFileSync('data/seed/prices/A6.csv', 'utf8').split('\n')[0];

/** `n` listings of a Renault Symbol in the study's format (a car model the market file lacks); `mileageOffset` makes another set of rows. */
export const symbolRows = (n: number, price = 7_900, mileageOffset = 0): string[] =>
  Array.from(
    { length: n },
    (_, i) => `Renault,Symbol,${2013 + (i % 6)},${30_000 + i * 7_000 + mileageOffset},2016-05-01,Essence,Manuelle,75,Euro 6,Rouge,Berline,France,12000,${price - i * 150}`,
  );

export const studyCsv = (rows: string[]): Buffer => Buffer.from([STUDY_HEADER, ...rows].join('\n'));
