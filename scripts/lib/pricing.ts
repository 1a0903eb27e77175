/** What the pricing CLIs and the price benchmark share: the database, seeded (catalog and market listings). */
import path from 'node:path';
import type { Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { seedDatabase } from '../../src/bootstrap/seed-catalog.js';
import { SEED_LISTINGS, seedListings } from '../../src/bootstrap/pricing.js';

export async function openSeeded(config: Config) {
  const database = openDatabase(config.databasePath, config.migrationsDir);
  try {
    seedDatabase(database, config.seedDir);
    await seedListings(database, path.join(config.seedDir, SEED_LISTINGS));
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

/** A progress bar on stderr that restarts when the step changes. */
export async function withProgress<T>(label: string, run: (progress: (done: number, total: number, step: string) => void) => Promise<T> | T): Promise<T> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value}/{total} {step}`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    return await run((done, total, step) => {
      if (!started) {
        bar.start(Math.max(total, 1), done, { step });
        started = true;
      } else {
        if (total > 0) bar.setTotal(total);
        bar.update(done, { step });
      }
    });
  } finally {
    if (started) bar.stop();
  }
}
