/** Opens the storage the config names: a SQLite file (the default) or a PostgreSQL database (`DATABASE_URL`). */
import type { StorageConfig } from '../config.js';
import { openSqlite } from './client.js';
import type { Storage } from './storage.js';

export interface OpenOptions {
  /** An idle PostgreSQL connection failed (pg reconnects): for the log. */
  onError?: (error: Error) => void;
}

export async function openStorage(config: StorageConfig, options: OpenOptions = {}): Promise<Storage> {
  if (config.kind === 'sqlite') return openSqlite(config.path, config.migrationsDir);
  // Loaded only when used: a SQLite deployment never loads the PostgreSQL driver.
  const { openPostgresStorage } = await import('./pg-storage.js');
  return openPostgresStorage(config.url, config.migrationsDir, { poolSize: config.poolSize, onError: options.onError });
}
