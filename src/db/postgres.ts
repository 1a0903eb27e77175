/**
 * Opens a PostgreSQL database (issue #12): a connection pool, drizzle over it
 * with the pg tables, and the committed migrations applied under an advisory
 * lock, so replicas starting together on an empty database migrate it once.
 */
import { createHash } from 'node:crypto';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as tables from './pg-tables.js';

export type PgDb = NodePgDatabase<typeof tables> & { $client: pg.Pool };

export interface PostgresOptions {
  /** Most connections the pool opens (pg's default is 10). */
  poolSize?: number;
  /** Called when an idle pooled connection fails (the server restarted, the network dropped); pg drops it and reconnects. */
  onError?: (error: Error) => void;
}

export interface PostgresHandle {
  db: PgDb;
  pool: pg.Pool;
  /** The URL without credentials, for /ready and logs. */
  description: string;
  /** Number of migrations recorded as applied. */
  appliedMigrations(): Promise<number>;
  /**
   * Runs `work` while holding the session advisory lock named `key`, so one
   * process at a time does it (seeding, bootstrap). The lock lives on its own
   * connection, not a pooled one, so `work` can use the whole pool.
   */
  withAdvisoryLock<T>(key: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How the service's connections appear in pg_stat_activity. */
const APPLICATION_NAME = 'carvalue';

/** The lock the migrations run under; other keys name other critical sections. */
export const MIGRATION_LOCK = 'migrations';

/** Advisory locks take a bigint: the first 8 bytes of a hash of the name (namespaced, so other tools' locks do not collide). */
export function advisoryLockId(key: string): bigint {
  return createHash('sha256').update(`carvalue:${key}`).digest().readBigInt64BE(0);
}

/** `url` without user, password or a password parameter: what the service may show of where its data lives. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.searchParams.delete('password');
    return parsed.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}

/** Runs `work` on a connection of its own that holds the advisory lock `key` meanwhile. */
async function lockedSession<T>(url: string, key: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: APPLICATION_NAME });
  // A connection lost while held releases the lock on the server; the error surfaces from the query in flight.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [advisoryLockId(key).toString()]);
    return await work(client);
  } finally {
    // Closing the session releases the lock, even if `work` left the connection unusable.
    await client.end().catch(() => {});
  }
}

/** Connects, applies the migrations in `migrationsDir` (under MIGRATION_LOCK) and returns the handle. */
export async function openPostgres(url: string, migrationsDir: string, options: PostgresOptions = {}): Promise<PostgresHandle> {
  const pool = new pg.Pool({ connectionString: url, application_name: APPLICATION_NAME, max: options.poolSize ?? 10 });
  pool.on('error', options.onError ?? (() => {}));
  try {
    await lockedSession(url, MIGRATION_LOCK, (client) => migrate(drizzle(client), { migrationsFolder: migrationsDir }));
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzle(pool, { schema: tables });
  let closed: Promise<void> | undefined;
  return {
    db,
    pool,
    description: describeUrl(url),
    appliedMigrations: async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0].n,
    withAdvisoryLock: (key, work) => lockedSession(url, key, () => work()),
    close: () => (closed ??= pool.end()),
  };
}
