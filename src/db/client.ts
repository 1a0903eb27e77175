/** Opens the SQLite database, sets its pragmas and applies the committed migrations. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as tables from './tables.js';

/** The drizzle database, with the better-sqlite3 handle it wraps (for bulk inserts). */
export type Db = BetterSQLite3Database<typeof tables> & { $client: Database.Database };

export interface DatabaseHandle {
  db: Db;
  sqlite: Database.Database;
  path: string;
  /** Number of migrations recorded as applied. */
  appliedMigrations(): number;
  /** Runs `work` in one transaction (a savepoint when already in one); rolls back if it throws. */
  inTransaction<T>(work: () => T): T;
  close(): void;
}

export function openDatabase(filePath: string, migrationsDir: string): DatabaseHandle {
  if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const sqlite = new Database(filePath);
  // WAL lets readers run while a retrain or an import writes; the busy timeout
  // makes a second writer wait instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema: tables });
  migrate(db, { migrationsFolder: migrationsDir });
  return {
    db,
    sqlite,
    path: filePath,
    appliedMigrations: () =>
      (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n,
    inTransaction: (work) => sqlite.transaction(work)(),
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
