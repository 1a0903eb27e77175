/**
 * A throw-away PostgreSQL server for the tests (issue #12): initdb into a temp
 * directory, started on a free 127.0.0.1 port with its socket in that
 * directory and fsync off. As vitest's global setup it serves the whole run:
 * each test file creates its own database on it (test/helpers/postgres.ts).
 * Where no server can be started the reason is provided instead, and the
 * PostgreSQL tests are skipped with that message, never passed.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export type PostgresServer = { url: string; stop(): Promise<void> };
export type TestPostgres = { url: string } | { skipped: string };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL server (its `carvalue` database), or why there is none. */
    postgres: TestPostgres;
  }
}

/** Debian's server binaries (newest version first), then whatever initdb is on the PATH. */
function binDir(): string | null {
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(debian, version, 'bin');
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

/** initdb and postgres refuse to run as root: then they run as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | null | 'missing' {
  if (process.getuid?.() !== 0) return null;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return 'missing';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as `user`; rejects with its output when it fails. */
function run(file: string, args: string[], user: { uid: number; gid: number } | null, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${args[0]} exited with ${code ?? signal}: ${output.trim().slice(-2000)}`)),
    );
  });
}

/** Starts the server on a free port and returns the port; tries another when a process took the port meanwhile. */
async function startServer(pgCtl: string, data: string, dir: string, user: { uid: number; gid: number } | null): Promise<number> {
  const log = path.join(dir, 'server.log');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    try {
      await run(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options.join(' ')], user, dir);
      return port;
    } catch (error) {
      const output = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim() : '';
      if (attempt < 3 && output.includes('Address already in use')) continue;
      throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
    }
  }
}

/** Starts a fresh server with a `carvalue` database; `skipped` says why when none can be started. */
export async function startPostgres(): Promise<PostgresServer | { skipped: string }> {
  const bin = binDir();
  if (!bin) return { skipped: 'no PostgreSQL server binaries (initdb) found; install the `postgresql` package' };
  const user = serverUser();
  if (user === 'missing') return { skipped: 'running as root and there is no `postgres` user to run initdb as' };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carvalue-pg-'));
  if (user) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const pgCtl = path.join(bin, 'pg_ctl');
  const stop = async (): Promise<void> => {
    // Immediate: the data is thrown away anyway.
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) await run(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], user, dir).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // --no-sync and fsync=off: a test server need not survive a power cut.
    await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], user, dir);
    const port = await startServer(pgCtl, data, dir, user);
    const url = await createDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`, 'carvalue');
    return { url, stop };
  } catch (error) {
    await stop();
    return { skipped: `PostgreSQL could not be started: ${(error as Error).message}` };
  }
}

/** Creates database `name` on the server of `url` and returns its URL. */
export async function createDatabase(url: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** Vitest global setup: one server for the whole run, provided as `postgres`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const server = await startPostgres();
  if ('skipped' in server) {
    console.warn(`PostgreSQL tests will be skipped: ${server.skipped}`);
    project.provide('postgres', { skipped: server.skipped });
    return async () => {};
  }
  console.log(`PostgreSQL test server started in ${Date.now() - started} ms`);
  project.provide('postgres', { url: server.url });
  return server.stop;
}
