/**
 * The storage the repositories run on: SQLite (better-sqlite3, the embedded
 * default) or PostgreSQL (node-postgres), chosen by config in main.ts.
 *
 * Repositories are written once, in the part of drizzle's query builder both
 * dialects share (`await db.select()...`, `.returning()`,
 * `onConflictDoNothing()`; never the SQLite-only `.get()/.all()/.run()`),
 * against the tables of the storage they are given: `scope.tables` holds the
 * SQLite or the PostgreSQL declaration of the same tables (columns, names and
 * JS types are identical: test/db/pg-tables.test.ts). The repository contract
 * suite runs against both (test/db/repositories.contract.ts).
 */
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as sqliteTables from './tables.js';

/** The tables, by name; typed with their SQLite declaration (the PostgreSQL one has the same row types). */
export const TABLES = {
  vehicleModels: sqliteTables.vehicleModels,
  vehicleAliases: sqliteTables.vehicleAliases,
  vehicleLabels: sqliteTables.vehicleLabels,
  vehicleGenerations: sqliteTables.vehicleGenerations,
  vehicleEngines: sqliteTables.vehicleEngines,
  listings: sqliteTables.listings,
  priceModelVersions: sqliteTables.priceModelVersions,
  priceModels: sqliteTables.priceModels,
  identifications: sqliteTables.identifications,
  identificationReports: sqliteTables.identificationReports,
  priceEstimates: sqliteTables.priceEstimates,
};
export type Tables = typeof TABLES;
export type TableName = keyof Tables;

/** The query builder the repositories use (the SQLite type; on PostgreSQL the same calls go to drizzle's pg builder). */
export type Db = BetterSQLite3Database<Record<string, never>> & { $client?: Database.Database };

/** What a repository needs: a query builder and the tables it addresses, inside or outside a transaction. */
export interface Scope {
  readonly db: Db;
  readonly tables: Tables;
  /**
   * Inserts many rows quickly (one prepared statement on SQLite, multi-row
   * statements on PostgreSQL); with `ignoreConflicts`, rows that break a
   * unique constraint are skipped. Returns how many were inserted.
   */
  bulkInsert<K extends TableName>(table: K, rows: readonly Tables[K]['$inferInsert'][], options?: { ignoreConflicts?: boolean }): Promise<number>;
}

export type Dialect = 'sqlite' | 'postgres';

export interface Storage extends Scope {
  readonly dialect: Dialect;
  /** Where the data lives, without credentials (for /ready). */
  readonly location: string;
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it rejects. */
  transaction<T>(work: (tx: Scope) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding a lock named `name` that every process on this
   * storage respects (a PostgreSQL advisory lock; on SQLite, one process
   * writes at a time anyway, so a lock within this process).
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Number of migrations recorded as applied. */
  appliedMigrations(): Promise<number>;
  close(): Promise<void>;
}

/** A promise chain that runs one task at a time (transactions on one SQLite connection, in-process locks). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
