/** What the pricing CLIs and the price benchmark share: the storage, seeded (catalog and market listings). */
import type { Config } from '../../src/config.js';
import { openStorage } from '../../src/db/open.js';
import type { Storage } from '../../src/db/storage.js';
import { BOOTSTRAP_LOCK, seedData } from '../../src/bootstrap/index.js';

export async function openSeeded(config: Config): Promise<Storage> {
  const storage = await openStorage(config.storage);
  try {
    await storage.withLock(BOOTSTRAP_LOCK, () => seedData(storage, config.seedDir));
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
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
