/**
 * The PostgreSQL database (issue #12) on a real server started for the run
 * (test/setup/postgres-server.ts): migrations, replicas starting together,
 * advisory locks, and rows read back with the same JS values as from SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getTableName, is, type Table } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../src/config.js';
import { openSqlite } from '../../src/db/client.js';
import * as pgTables from '../../src/db/pg-tables.js';
import { advisoryLockId, describeUrl, openPostgres, type PostgresHandle } from '../../src/db/postgres.js';
import * as sqliteTables from '../../src/db/tables.js';
import { newPostgresDatabase, postgresSkipped } from '../helpers/postgres.js';
import { tempDir } from '../helpers/service.js';

const PG_MIGRATIONS = path.join(projectRoot, 'migrations/pg');
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const handles: PostgresHandle[] = [];
async function open(url: string): Promise<PostgresHandle> {
  const handle = await openPostgres(url, PG_MIGRATIONS, { poolSize: 4 });
  handles.push(handle);
  return handle;
}
afterAll(() => Promise.all(handles.map((handle) => handle.close())));

function openSqliteTwin() {
  return openSqlite(path.join(tempDir(), 'twin.sqlite'), loadConfig({}).storage.migrationsDir);
}

/** Polls until a session waits for an advisory lock in this database (the second caller is blocked, not merely slow). */
async function lockWaiter(handle: PostgresHandle): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const { rows } = await handle.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    if (rows[0].n > 0) return;
  }
  throw new Error('no session ever waited for the advisory lock');
}

/** One row per table, in foreign-key order; identity ids start at 1 on a fresh database in both dialects. */
const ROWS: Record<string, Record<string, unknown>> = {
  vehicleModels: {
    id: 'volkswagen-golf',
    sourceLabel: 'market',
    make: 'Volkswagen',
    model: 'Golf',
    yearFrom: 1974,
    inProduction: true,
    newPriceEur: 29_990.5,
    origins: 'market,listings',
  },
  vehicleAliases: { vehicleModelId: 'volkswagen-golf', makeKey: 'volkswagen', modelKey: 'golf' },
  vehicleLabels: { label: 'Volkswagen Golf 2013', vehicleModelId: 'volkswagen-golf', origin: 'photo-classes', yearFrom: 2013, yearTo: 2020 },
  vehicleGenerations: { vehicleModelId: 'volkswagen-golf', name: 'Golf VII 5 Doors', yearFrom: 2012, inProduction: false, lengthMm: 4255, source: 'autoevolution' },
  vehicleEngines: { generationId: 1, name: '1.6 TDI (110 HP)', powerHp: 110, fuel: 'DIESEL', transmission: 'MANUAL' },
  listings: {
    vehicleModelId: 'volkswagen-golf',
    make: 'Volkswagen',
    model: 'Golf',
    modelYear: 2017,
    mileageKm: 84_000,
    fuel: 'DIESEL',
    transmission: 'MANUAL',
    powerHp: 110,
    priceEur: 13_450.75,
    source: 'test.csv:2',
    rowHash: 'hash-1',
  },
  priceModelVersions: { active: true, listingsCount: 1, listingsHash: 'abc', trainer: 't1', summary: { methods: ['gbm', 'ridge'], mape: 0.123456789 } },
  priceModels: {
    version: 1,
    kind: 'gbm',
    vehicleModelId: null,
    chosen: true,
    features: ['age', 'mileage'],
    params: { trees: [{ split: 0.5, left: -1.25e-7, right: null }], nested: { deep: [1, 2, 3] } },
    trainingRows: 1,
    mae: 1234.5,
  },
  identifications: {
    id: 'id-1',
    imageSha256: 'f'.repeat(64),
    imageWidth: 640,
    imageHeight: 480,
    modelId: 'car-classifier',
    modelVersion: '1',
    provider: 'cpu',
    topLabel: 'Volkswagen Golf 2013',
    confidence: 0.875,
    uncertain: false,
    vehicleModelId: 'volkswagen-golf',
    result: { candidates: [{ label: 'Volkswagen Golf 2013', confidence: 0.875 }], outcome: 'KNOWN' },
  },
  identificationReports: { id: 'report-1', identificationId: 'id-1', correctVehicleModelId: null, comment: 'ok', clientHash: 'h' },
  priceEstimates: {
    id: 'est_1',
    modelVersion: 1,
    asOf: '2021',
    vehicleModelId: 'volkswagen-golf',
    request: { make: 'VW', model: 'Golf', year: 2015, mileageKm: 90_000 },
    result: { amount: 11_250, low: 9_800, high: 12_900, assumptions: [] },
  },
};

describe.skipIf(postgresSkipped)('PostgreSQL', () => {
  it('applies the migrations to a fresh database: the same tables, columns and indexes as the SQLite migrations', async () => {
    const handle = await open(await newPostgresDatabase());
    const pgColumns = await handle.pool.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const pgIndexes = await handle.pool.query<{ tablename: string; indexname: string }>(
      "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'",
    );
    const sqlite = openSqliteTwin();
    try {
      const sqliteTableNames = (sqlite.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'").all() as { name: string }[]).map(
        (row) => row.name,
      );
      const sqliteColumns = sqliteTableNames.flatMap((table) =>
        (sqlite.sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((column) => `${table}.${column.name}`),
      );
      const sqliteIndexes = (sqlite.sqlite.prepare("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { tbl_name: string; name: string }[]).map(
        (row) => `${row.tbl_name}.${row.name}`,
      );
      expect(sqliteTableNames).toHaveLength(11);
      expect(pgColumns.rows.map((row) => `${row.table_name}.${row.column_name}`).sort()).toEqual(sqliteColumns.sort());
      expect(pgIndexes.rows.map((row) => `${row.tablename}.${row.indexname}`).sort()).toEqual(sqliteIndexes.sort());
    } finally {
      await sqlite.close();
    }
    const migrationFiles = fs.readdirSync(PG_MIGRATIONS).filter((file) => file.endsWith('.sql'));
    expect(await handle.appliedMigrations()).toBe(migrationFiles.length);
  });

  it('lets two replicas open one empty database together: both start, the migrations run once', async () => {
    const url = await newPostgresDatabase();
    const [first, second] = await Promise.all([open(url), open(url)]);
    const migrationFiles = fs.readdirSync(PG_MIGRATIONS).filter((file) => file.endsWith('.sql'));
    expect(await first.appliedMigrations()).toBe(migrationFiles.length);
    expect(await second.appliedMigrations()).toBe(migrationFiles.length);
    // A restart applies nothing again.
    await (await open(url)).close();
    expect(await first.appliedMigrations()).toBe(migrationFiles.length);
  });

  it('runs the work of one advisory lock holder at a time', async () => {
    const url = await newPostgresDatabase();
    const [first, second] = await Promise.all([open(url), open(url)]);
    const order: string[] = [];
    let secondDone: Promise<void> | undefined;
    await first.withAdvisoryLock('seed', async () => {
      order.push('first starts');
      secondDone = second.withAdvisoryLock('seed', async () => {
        order.push('second runs');
      });
      await lockWaiter(first);
      order.push('first ends');
    });
    await secondDone;
    expect(order).toEqual(['first starts', 'first ends', 'second runs']);
  });

  it('releases the advisory lock when the work throws, and returns what the work returns', async () => {
    const handle = await open(await newPostgresDatabase());
    const tryLock = async () =>
      (await handle.pool.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS free', [advisoryLockId('seed').toString()])).rows[0].free;
    await expect(
      handle.withAdvisoryLock('seed', async () => {
        expect(await tryLock()).toBe(false);
        throw new Error('seed failed');
      }),
    ).rejects.toThrow('seed failed');
    expect(await tryLock()).toBe(true);
    expect(await handle.withAdvisoryLock('other', async () => 42)).toBe(42);
  });

  it('stores and reads back one row per table with the values and JS types SQLite gives', async () => {
    const handle = await open(await newPostgresDatabase());
    const sqlite = openSqliteTwin();
    try {
      const tableNames = Object.keys(ROWS);
      expect(tableNames.sort()).toEqual(Object.keys(sqliteTables).filter((name) => is(sqliteTables[name as keyof typeof sqliteTables], SQLiteTable)).sort());
      const pgRows: Record<string, Record<string, unknown>> = {};
      const sqliteRows: Record<string, Record<string, unknown>> = {};
      for (const name of Object.keys(ROWS)) {
        const pgTable = pgTables[name as keyof typeof pgTables] as Table;
        const sqliteTable = sqliteTables[name as keyof typeof sqliteTables] as Table;
        expect(is(pgTable, PgTable)).toBe(true);
        // The dialect-neutral subset the repositories use: insert ... returning, then a select.
        const [inserted] = await handle.db
          .insert(pgTable as PgTable)
          .values(ROWS[name])
          .returning();
        [pgRows[name]] = await handle.db.select().from(pgTable as PgTable);
        expect(pgRows[name]).toEqual(inserted);
        [sqliteRows[name]] = await sqlite.db.insert(sqliteTable as SQLiteTable).values(ROWS[name]).returning();
        expect(getTableName(pgTable)).toBe(getTableName(sqliteTable));
      }
      for (const name of Object.keys(ROWS)) {
        const [pgRow, sqliteRow] = [{ ...pgRows[name] }, { ...sqliteRows[name] }];
        // Text timestamps of the insert: the same ISO format in both, written by each database's clock.
        for (const key of ['createdAt', 'importedAt'].filter((key) => key in sqliteRow)) {
          expect(pgRow[key]).toMatch(ISO_TIMESTAMP);
          expect(sqliteRow[key]).toMatch(ISO_TIMESTAMP);
          expect(Math.abs(Date.parse(pgRow[key] as string) - Date.now())).toBeLessThan(60_000);
          delete pgRow[key];
          delete sqliteRow[key];
        }
        expect(pgRow).toEqual(sqliteRow);
      }
      // A listing imported again adds nothing (unique row_hash), in both dialects.
      const listing = ROWS.listings as typeof sqliteTables.listings.$inferInsert;
      expect(await handle.db.insert(pgTables.listings).values(listing).onConflictDoNothing().returning()).toEqual([]);
      expect(await sqlite.db.insert(sqliteTables.listings).values(listing).onConflictDoNothing().returning()).toEqual([]);
      // The types themselves, not only equality with SQLite.
      expect(pgRows.vehicleModels.inProduction).toBe(true);
      expect(pgRows.vehicleGenerations.inProduction).toBe(false);
      expect(pgRows.vehicleModels.newPriceEur).toBe(29_990.5);
      expect(pgRows.vehicleEngines).toMatchObject({ id: 1, generationId: 1 });
      expect(pgRows.priceModels.params).toEqual(ROWS.priceModels.params);
      expect(pgRows.priceModelVersions).toMatchObject({ version: 1, active: true, summary: { methods: ['gbm', 'ridge'], mape: 0.123456789 } });
      expect(pgRows.listings).toMatchObject({ id: 1, dataset: 'study-fr', priceEur: 13_450.75 });
      expect(pgRows.identifications.uncertain).toBe(false);
    } finally {
      await sqlite.close();
    }
  });
});

describe('describeUrl', () => {
  it('shows where the database is without the user or the password', () => {
    expect(describeUrl('postgres://carvalue:s3cret@db.internal:5432/carvalue?sslmode=require')).toBe('postgres://db.internal:5432/carvalue?sslmode=require');
    expect(describeUrl('postgresql://app:pw@localhost/app?password=other&application_name=x')).toBe('postgresql://localhost/app?application_name=x');
    expect(describeUrl('postgres://db.internal/carvalue')).toBe('postgres://db.internal/carvalue');
    expect(describeUrl('not a url :s3cret@')).not.toContain('s3cret');
  });
});
