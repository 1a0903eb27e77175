/**
 * Inserts many rows with one prepared statement: drizzle's query builder costs
 * about 0.1 ms per row to build the SQL, which made the first-start catalog
 * (about 22,000 rows) take seconds. Values go through the drizzle columns'
 * driver mapping (booleans, JSON), so rows are the tables' insert types.
 */
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/** Inserts `rows`; with `ignoreConflicts`, rows that break a unique constraint are skipped. Returns how many were inserted. */
export function bulkInsert<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { ignoreConflicts?: boolean } = {},
): number {
  if (rows.length === 0) return 0;
  const columns = getTableColumns(table);
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => key in columns);
  const names = keys.map((key) => `"${columns[key].name}"`).join(', ');
  const verb = options.ignoreConflicts ? 'INSERT OR IGNORE' : 'INSERT';
  const statement = sqlite.prepare(`${verb} INTO "${getTableName(table)}" (${names}) VALUES (${keys.map(() => '?').join(', ')})`);
  let inserted = 0;
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    inserted += statement.run(keys.map((key) => (values[key] == null ? null : columns[key].mapToDriverValue(values[key])))).changes;
  }
  return inserted;
}
