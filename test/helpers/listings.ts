/** Market listings of the seeded template database, as training rows and price samples, for engine tests. */
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
