/** Opens the SQLite storage: the file, its pragmas and the committed migrations. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { bulkInsert } from './bulk-insert.js';
import { Mutex, TABLES, type Db, type Scope, type Storage } from './storage.js';

export interface SqliteStorage extends Storage {
  /** The better-sqlite3 handle (tests, pragmas, checkpoints). */
  readonly sqlite: Database.Database;
  readonly path: string;
}

export function openSqlite(filePath: string, migrationsDir: string): SqliteStorage {
  if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const sqlite = new Database(filePath);
  // WAL lets readers run while a retrain or an import writes; the busy timeout
  // makes a second writer wait instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite) as unknown as Db;
  migrate(db, { migrationsFolder: migrationsDir });
  const scope: Scope = {
    db,
    tables: TABLES,
    // One commit for all the rows (a savepoint inside a transaction already open).
    bulkInsert: async (table, rows, options) => sqlite.transaction(() => bulkInsert(sqlite, TABLES[table], rows, options))(),
  };
  // One connection: transactions take turns. The service opens transactions only
  // at start-up and in the admin worker (its own connection), never while
  // requests write on this one, so no request's write can land inside one.
  const transactions = new Mutex();
  const locks = new Map<string, Mutex>();
  return {
    ...scope,
    dialect: 'sqlite',
    location: `sqlite:${filePath === ':memory:' ? filePath : path.basename(filePath)}`,
    sqlite,
    path: filePath,
    transaction: (work) =>
      transactions.run(async () => {
        sqlite.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(scope);
          sqlite.exec('COMMIT');
          return result;
        } catch (error) {
          if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
          throw error;
        }
      }),
    withLock: (name, work) => {
      let lock = locks.get(name);
      if (!lock) locks.set(name, (lock = new Mutex()));
      return lock.run(work);
    },
    appliedMigrations: async () => (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n,
    close: async () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
