/**
 * `npm run import:listings -- file.csv [more.csv ...]`: cleans each file
 * (rows dropped per rule are reported), stores its new rows and retrains the
 * price models, the rows and the models in one short transaction; a server
 * running on the same database keeps answering and picks the new models up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { AppError } from '../src/errors.js';
import { importListings } from '../src/services/listings/import-listings.js';
import { openSeeded, withProgress } from './lib/pricing.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run import:listings -- file.csv [more.csv ...]');
  process.exit(2);
}

const config = loadConfig();
const database = await openSeeded(config);
let failed = false;
try {
  for (const file of files) {
    try {
      const outcome = await withProgress(path.basename(file), (onProgress) =>
        importListings(database, fs.createReadStream(file), path.basename(file), { onProgress }),
      );
      const { report } = outcome;
      console.log(
        `${file} (${report.source}): ${report.read} rows read, ${report.kept} kept, ${report.inserted} new, ` +
          `${report.alreadyStored} stored already`,
      );
      for (const dropped of report.dropped.filter((d) => d.count > 0)) {
        console.log(`  dropped ${String(dropped.count).padStart(6)}  ${dropped.reason}: ${dropped.description} (e.g. lines ${dropped.lines.slice(0, 5).join(', ')})`);
      }
      console.log(
        outcome.retrained
          ? `  price models retrained as version ${outcome.priceModelVersion}`
          : `  nothing new: price models unchanged (version ${outcome.priceModelVersion ?? 'none'})`,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failed = true;
      console.error(`${file}: ${error.message}`);
    }
  }
} finally {
  await database.close();
}
process.exit(failed ? 1 : 0);
