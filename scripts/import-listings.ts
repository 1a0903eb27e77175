/**
 * `npm run import:listings -- file.csv [more.csv ...]`: validates every row of
 * each file and imports it whole (then retrains the price models) or rejects
 * it with row-numbered errors, changing nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { ListingImportService } from '../src/listings/import-service.js';
import { openPricing } from './lib/pricing.js';
import { ListingsFileError } from '../src/listings/parse-listings.js';
import { AppError } from '../src/errors.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run import:listings -- file.csv [more.csv ...]');
  process.exit(2);
}

const config = loadConfig();
const { database, listings, vehicles, pricing } = openPricing(config);
let failed = false;
try {
  pricing.ensureTrained();
  const importer = new ListingImportService(listings, vehicles, pricing, database.inTransaction);
  for (const file of files) {
    const bar = new cliProgress.SingleBar(
      { format: `${path.basename(file)} {bar} {value}/{total} {step}`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let step = '';
    try {
      const outcome = importer.importCsv(fs.readFileSync(file, 'utf8'), path.basename(file), (done, total, current) => {
        if (current !== step) {
          if (step) bar.stop();
          step = current;
          bar.start(total, done, { step });
        } else bar.update(done, { step });
      });
      bar.stop();
      console.log(
        `${file}: imported ${outcome.imported} listings for ${outcome.vehicleIds.join(', ')}; price models retrained as version ${outcome.priceModelVersion}`,
      );
    } catch (error) {
      bar.stop();
      failed = true;
      if (error instanceof ListingsFileError) {
        console.error(`${file}: rejected, nothing imported (${error.rows.length} error(s)):`);
        for (const row of error.rows) console.error(`  line ${row.line}${row.column ? ` [${row.column}]` : ''}: ${row.message}`);
      } else if (error instanceof AppError) {
        console.error(`${file}: rejected: ${error.message}`);
      } else throw error;
    }
  }
} finally {
  database.close();
}
process.exit(failed ? 1 : 0);
