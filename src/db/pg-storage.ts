/**
 * The PostgreSQL storage: the repositories' queries run on drizzle's
 * node-postgres builder with the pg tables (src/db/pg-tables.ts), which have
 * the SQLite tables' names and row types (test/db/pg-tables.test.ts), so the
 * cast below changes no value, only which dialect's builder TypeScript sees.
 */
import { getTableColumns } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTable } from 'drizzle-orm/pg-core';
import { openPostgres, type PostgresOptions } from './postgres.js';
import * as pgTables from './pg-tables.js';
import type { Db, Scope, Storage, TableName, Tables } from './storage.js';

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

const TABLES = {
  vehicleModels: pgTables.vehicleModels,
  vehicleAliases: pgTables.vehicleAliases,
  vehicleLabels: pgTables.vehicleLabels,
  vehicleGenerations: pgTables.vehicleGenerations,
  vehicleEngines: pgTables.vehicleEngines,
  listings: pgTables.listings,
  priceModelVersions: pgTables.priceModelVersions,
  priceModels: pgTables.priceModels,
  identifications: pgTables.identifications,
  identificationReports: pgTables.identificationReports,
  priceEstimates: pgTables.priceEstimates,
} satisfies Record<TableName, PgTable>;

// Tables whose seed gives ids explicitly: their identity sequence must move past them.
const EXPLICIT_IDS: readonly TableName[] = ['vehicleGenerations'];

function scopeOf(db: NodePgDatabase<Record<string, never>>): Scope {
  return {
    db: db as unknown as Db,
    tables: TABLES as unknown as Tables,
    bulkInsert: async (name, rows, options = {}) => {
      if (rows.length === 0) return 0;
      const table = TABLES[name] as PgTable;
      const perRow = Object.keys(getTableColumns(table)).length;
      const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
      let inserted = 0;
      for (let i = 0; i < rows.length; i += chunk) {
        const statement = db.insert(table).values(rows.slice(i, i + chunk) as PgTable['$inferInsert'][]);
        const result = await (options.ignoreConflicts ? statement.onConflictDoNothing() : statement);
        inserted += result.rowCount ?? 0;
      }
      if (EXPLICIT_IDS.includes(name)) {
        await db.execute(`SELECT setval(pg_get_serial_sequence('vehicle_generations', 'id'), coalesce(max(id), 1)) FROM vehicle_generations`);
      }
      return inserted;
    },
  };
}

export async function openPostgresStorage(url: string, migrationsDir: string, options: PostgresOptions = {}): Promise<Storage> {
  const handle = await openPostgres(url, migrationsDir, options);
  const db = handle.db as unknown as NodePgDatabase<Record<string, never>>;
  return {
    ...scopeOf(db),
    dialect: 'postgres',
    location: handle.description,
    transaction: (work) => db.transaction((tx) => work(scopeOf(tx as unknown as NodePgDatabase<Record<string, never>>))),
    withLock: (name, work) => handle.withAdvisoryLock(name, work),
    appliedMigrations: () => handle.appliedMigrations(),
    close: () => handle.close(),
  };
}
