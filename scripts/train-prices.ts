/**
 * `npm run train:prices`: retrains the price models from the listings in the
 * database, stores them as a new active version and prints the
 * cross-validated metrics (linear vs tree vs pooled vs chosen).
 */
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { ListingRepository } from '../src/db/repositories/listings.js';
import { PriceModelRepository } from '../src/db/repositories/price-models.js';
import { VehicleRepository } from '../src/db/repositories/vehicles.js';
import { seedDatabase } from '../src/db/seed/seed.js';
import { PricingService } from '../src/pricing/pricing-service.js';

const config = loadConfig();
const database = openDatabase(config.databasePath, config.migrationsDir);
try {
  seedDatabase(database, config.seedDir);
  const pricing = new PricingService(
    new PriceModelRepository(database.db),
    new ListingRepository(database.db),
    new VehicleRepository(database.db),
  );
  const bar = new cliProgress.SingleBar(
    { format: 'training {bar} {value}/{total} {step}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  let barStarted = false;
  const outcome = pricing.retrain((done, total, step) => {
    if (!barStarted) {
      bar.start(total, 0, { step });
      barStarted = true;
    }
    bar.update(done, { step });
  });
  if (barStarted) bar.stop();
  console.log(outcome.report);
  console.log(
    `\nstored price model version ${outcome.version} in ${config.databasePath} (${Math.round(performance.now() - started)} ms); ` +
      'it serves estimates from now on (a running server picks it up on its next request)',
  );
} finally {
  database.close();
}
