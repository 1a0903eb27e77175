/**
 * `npm run train:prices`: retrains the price models from the listings in the
 * database, stores them as a new active version and prints the
 * cross-validated figures. `-- --write-seed` also writes the shipped models
 * (data/seed/price-models.json.gz), used at first start when they match the
 * shipped listings and the trainer.
 */
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { ListingRepository } from '../src/db/repositories/listings.js';
import { PriceModelRepository } from '../src/db/repositories/price-models.js';
import { storeVersion, trainOnRows } from '../src/services/listings/price-training.js';
import { SEED_PRICE_MODELS, writeShippedModels } from '../src/bootstrap/pricing.js';
import { formatPriceModelReport } from '../src/pricing/report.js';
import { openSeeded, withProgress } from './lib/pricing.js';

const writeSeed = process.argv.includes('--write-seed');
const config = loadConfig();
const database = await openSeeded(config);
try {
  const rows = await new ListingRepository(database).trainingRows();
  const started = performance.now();
  const trained = await withProgress('training', (onProgress) => trainOnRows(rows, { onProgress }));
  const seconds = (performance.now() - started) / 1000;
  const version = await database.transaction((tx) => storeVersion(new PriceModelRepository(tx), trained));
  console.log(formatPriceModelReport(trained.models));
  console.log(
    `trained on ${rows.length} listings in ${seconds.toFixed(1)} s; stored as version ${version} in ${database.location} ` +
      '(a running server picks it up within PRICE_MODEL_REFRESH_MS)',
  );
  if (writeSeed) {
    const file = path.join(config.seedDir, SEED_PRICE_MODELS);
    writeShippedModels(file, trained);
    console.log(`wrote ${file}`);
  }
} finally {
  await database.close();
}
