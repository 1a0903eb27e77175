/**
 * The PostgreSQL tables are the SQLite tables' twin: one repository code path
 * serves both, so every table's row types must be identical (checked by tsc;
 * `npm test` type-checks first) and its columns, keys and indexes the same.
 */
import { getTableColumns, getTableName, is, type Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as pg from '../../src/db/pg-tables.js';
import * as sqlite from '../../src/db/tables.js';

/** Row types of every table a module exports, by export name. */
type Rows<Module, Kind extends '$inferSelect' | '$inferInsert'> = {
  [Name in keyof Module as Module[Name] extends Table ? Name : never]: Module[Name] extends Table ? Module[Name][Kind] : never;
};

/** What must match between the dialects, in dialect-neutral terms. */
function shape(table: Table, config: ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>) {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.name,
    notNull: column.notNull,
    primary: column.primary,
    hasDefault: column.hasDefault,
    dataType: column.dataType,
  }));
  const indexes = config.indexes
    .map(({ config: index }) => ({
      name: index.name,
      unique: index.unique,
      columns: index.columns.map((column) => (column as { name: string }).name),
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const foreignKeys = config.foreignKeys
    .map((key) => {
      const reference = key.reference();
      return {
        columns: reference.columns.map((column) => column.name),
        table: getTableName(reference.foreignTable),
        foreignColumns: reference.foreignColumns.map((column) => column.name),
        onDelete: key.onDelete ?? 'no action',
      };
    })
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
  return { name: getTableName(table), columns, indexes, foreignKeys };
}

const sqliteTables = Object.entries(sqlite as Record<string, unknown>).filter((entry): entry is [string, SQLiteTable] => is(entry[1], SQLiteTable));
const pgTables = Object.entries(pg as Record<string, unknown>).filter((entry): entry is [string, PgTable] => is(entry[1], PgTable));

describe('pg-tables', () => {
  it('gives every table the same select and insert row types as tables.ts', () => {
    expectTypeOf<Rows<typeof pg, '$inferSelect'>>().toEqualTypeOf<Rows<typeof sqlite, '$inferSelect'>>();
    expectTypeOf<Rows<typeof pg, '$inferInsert'>>().toEqualTypeOf<Rows<typeof sqlite, '$inferInsert'>>();
  });

  it('exports the same tables under the same names', () => {
    expect(pgTables.map(([name]) => name).sort()).toEqual(sqliteTables.map(([name]) => name).sort());
    expect(sqliteTables).toHaveLength(11);
  });

  it.each(sqliteTables)('%s: same table and column names, keys, defaults, indexes and foreign keys', (name, table) => {
    const twin = pg[name as keyof typeof pg] as PgTable;
    expect(shape(twin, pgTableConfig(twin))).toEqual(shape(table, sqliteTableConfig(table)));
  });
});
