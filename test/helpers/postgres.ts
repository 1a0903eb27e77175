/**
 * The run's PostgreSQL server (test/setup/postgres-server.ts) for a test file:
 * `postgresSkipped` is why there is none (describe.skipIf it; the reason is
 * printed), `newPostgresDatabase()` an empty database of the file's own.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase } from '../setup/postgres-server.js';

const server = inject('postgres');

export const postgresSkipped: string | null = 'skipped' in server ? server.skipped : null;
if (postgresSkipped) console.warn(`PostgreSQL tests skipped: ${postgresSkipped}`);

/** Creates an empty database on the run's server and returns its URL. */
export function newPostgresDatabase(): Promise<string> {
  if ('skipped' in server) throw new Error(`no PostgreSQL server: ${server.skipped}`);
  return createDatabase(server.url, `test_${randomBytes(6).toString('hex')}`);
}
