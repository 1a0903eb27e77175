/**
 * Vitest global setup: builds one seeded database (catalog, market listings,
 * price models) before the test files run; test services start from a copy
 * of it instead of cleaning 38,816 listings each. When the shipped models do
 * not match the listings (test/pricing/shipped-models.test.ts fails then),
 * the models are trained here once, so the other tests still run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openSqlite } from '../../src/db/client.js';
import { ListingRepository } from '../../src/db/repositories/listings.js';
import { PriceModelRepository } from '../../src/db/repositories/price-models.js';
import { seedData } from '../../src/bootstrap/index.js';
import { listingsHash, storeVersion, trainOnRows } from '../../src/services/listings/price-training.js';
import { SEED_PRICE_MODELS, readShippedModels } from '../../src/bootstrap/pricing.js';
import { trainerFingerprint } from '../../src/pricing/train.js';

export const TEMPLATE_ENV = 'CARVALUE_TEMPLATE_DB';

export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvalue-template-'));
  const file = path.join(dir, 'template.sqlite');
  const config = loadConfig({ DATABASE_PATH: file });
  const handle = openSqlite(file, config.storage.migrationsDir);
  try {
    await seedData(handle, config.seedDir);
    const rows = await new ListingRepository(handle).trainingRows();
    const shipped = readShippedModels(path.join(config.seedDir, SEED_PRICE_MODELS));
    const current = shipped && shipped.listingsHash === listingsHash(rows) && shipped.trainer === trainerFingerprint();
    const version = current ? shipped : trainOnRows(rows);
    await handle.transaction((tx) => storeVersion(new PriceModelRepository(tx), version));
    // One file, no WAL beside it, so a plain copy is the whole database.
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await handle.close();
  }
  process.env[TEMPLATE_ENV] = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
