/**
 * `npm run train:prices`: retrains the price models from the listings in the
 * database, stores them as a new active version and prints the
 * cross-validated metrics (linear vs tree vs pooled vs chosen).
 */
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { openPricing } from './lib/pricing.js';

const config = loadConfig();
const { database, pricing } = openPricing(config);
try {
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
