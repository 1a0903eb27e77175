/**
 * `npm run export:reports -- [--since 2026-11-01]`: the corrections users sent
 * through reportIdentification, oldest first, one JSON object per line on
 * stdout, for the next classifier training run. Each names the photo by its
 * SHA-256 (the service never stores images), what the classifier answered and
 * the classes of the vehicle the user named (`photo-classes`: the folder under
 * the training photos). Reads the database the service is configured with
 * (DATABASE_URL or DATABASE_PATH); never the client hashes.
 */
import { loadConfig } from '../src/config.js';
import { openStorage } from '../src/db/open.js';
import { IdentificationReportRepository } from '../src/db/repositories/identification-reports.js';
import { IdentificationRepository } from '../src/db/repositories/identifications.js';
import { VehicleRepository } from '../src/db/repositories/vehicles.js';
import { ReportService } from '../src/services/identification/report-service.js';
import { VehicleService } from '../src/services/vehicles/vehicle-service.js';

const argv = process.argv.slice(2);
let since = new Date(0);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--since' && argv[i + 1] !== undefined) since = new Date(argv[++i]);
  else {
    console.error('usage: npm run export:reports -- [--since YYYY-MM-DD]');
    process.exit(2);
  }
}
if (Number.isNaN(since.getTime())) {
  console.error('--since: not a date');
  process.exit(2);
}

const config = loadConfig();
const storage = await openStorage(config.storage);
try {
  const reports = new ReportService(
    new IdentificationReportRepository(storage),
    new IdentificationRepository(storage),
    new VehicleService(new VehicleRepository(storage)),
    config.limits.reports,
  );
  const corrections = await reports.corrections(since);
  for (const c of corrections) process.stdout.write(`${JSON.stringify(c)}\n`);
  console.error(`${corrections.length} reports since ${since.toISOString()}`);
} finally {
  await storage.close();
}
