/**
 * Two replicas on one PostgreSQL database behave as one service (issue #12):
 * two service processes (the tsc build, as `npm start` runs it) start
 * together on an empty database, migrate and seed it once and train the
 * price models once; an identification stored through one is read through
 * the other; an import through one is served by both, without a restart;
 * imports sent to both at once are serialised by the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { buildCatalog } from '../../src/bootstrap/catalog.js';
import { builtService, spawnService, type ServiceProcess } from '../helpers/build.js';
import { multipart } from '../helpers/multipart.js';
import { smallSeedDir } from '../helpers/seed.js';
import { studyCsv, symbolRows } from '../helpers/listings.js';
import { newPostgresDatabase, postgresSkipped } from '../helpers/postgres.js';
import type { GraphQLBody } from '../helpers/service.js';
import { print } from 'graphql';
import {
  AdminJobDocument,
  EstimatePriceDocument,
  IdentifyVehicleDocument,
  ImportListingsDocument,
  StoredIdentificationDocument,
  type AdminJobQuery,
  type EstimatePriceQuery,
  type IdentifyVehicleMutation,
  type ImportListingsMutation,
  type StoredIdentificationQuery,
} from '../generated/operations.js';

const TOKEN = 'replica-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}`, 'apollo-require-preflight': 'true' };
/** Listings of the study's format for a car model the small seed has none of. */
const symbolCsv = (n: number, mileageOffset: number) => studyCsv(symbolRows(n, 7_900, mileageOffset));

let url: string;
let seedDir: string;
let build: string;
const replicas: ServiceProcess[] = [];

async function startReplica(env: Record<string, string>): Promise<ServiceProcess> {
  const replica = await spawnService(
    build,
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '4',
      SEED_DIR: seedDir,
      ADMIN_TOKEN: TOKEN,
      PRICE_MODEL_REFRESH_MS: '200',
      WEB_DIR: path.join(seedDir, 'no-web'),
      ...env,
    },
  );
  replicas.push(replica);
  return replica;
}

const ready = (replica: ServiceProcess) => replica.ready();

async function gql<T>(replica: ServiceProcess, document: Parameters<typeof print>[0], variables: Record<string, unknown>): Promise<GraphQLBody<T>> {
  const response = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as GraphQLBody<T>;
}

async function count(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

/** The job's final state: `wait: true` answers at the end unless the request deadline came first, then it is polled. */
async function finished(replica: ServiceProcess, job: ImportListingsMutation['importListings']) {
  let current: AdminJobQuery['adminJob'] | ImportListingsMutation['importListings'] = job;
  while (current.status === 'QUEUED' || current.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await fetch(`${replica.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({ query: print(AdminJobDocument), variables: { id: job.id } }),
    });
    current = ((await response.json()) as GraphQLBody<AdminJobQuery>).data!.adminJob;
  }
  return current;
}

const symbol = { make: 'Renault', model: 'Symbol', year: 2016, mileageKm: 60_000 };

describe.skipIf(postgresSkipped)('two replicas on one PostgreSQL', () => {
  let a: ServiceProcess;
  let b: ServiceProcess;
  beforeAll(async () => {
    build = builtService();
    url = await newPostgresDatabase();
    // Every 30th market listing: the shipped models do not match, so the first start trains (in seconds).
    seedDir = smallSeedDir(30);
    [a, b] = await Promise.all([startReplica({ INFERENCE_ENABLED: 'true' }), startReplica({ INFERENCE_ENABLED: 'false' })]);
    await Promise.all([ready(a), ready(b)]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all(
      replicas.map(
        (replica) =>
          new Promise<void>((resolve) => {
            if (replica.child.exitCode !== null) return resolve();
            replica.child.once('exit', () => resolve());
            replica.child.kill('SIGTERM');
          }),
      ),
    );
    if (seedDir) fs.rmSync(seedDir, { recursive: true, force: true });
  });

  it('migrate, seed and train once, and report the shared storage without credentials', async () => {
    const migrations = fs.readdirSync(path.join(projectRoot, 'migrations/pg')).filter((file) => file.endsWith('.sql')).length;
    expect(await count('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).toBe(migrations);
    expect(await count('SELECT count(*) AS n FROM vehicle_models')).toBe(buildCatalog(seedDir).length);
    expect(await count('SELECT count(*) AS n FROM price_model_versions')).toBe(1);
    const [readyA, readyB] = await Promise.all([ready(a), ready(b)]);
    expect(readyA.priceModelVersion).toBe(readyB.priceModelVersion);
    expect(readyA.storage).toMatch(/^postgres(ql)?:\/\/127\.0\.0\.1:\d+\/test_/);
    expect(JSON.stringify(readyA)).not.toContain('password');
  });

  it('reads through one replica an identification stored through the other', async () => {
    const photo = fs.readFileSync('test/fixtures/photos/clio/car172.jpg');
    const { body } = await multipart<IdentifyVehicleMutation>(a.url, IdentifyVehicleDocument, { image: null }, [{ path: 'image', bytes: photo, filename: 'car.jpg' }]);
    expect(body.errors).toBeUndefined();
    const stored = body.data!.identifyVehicle;
    const read = await gql<StoredIdentificationQuery>(b, StoredIdentificationDocument, { id: stored.id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.identification.id).toBe(stored.id);
    expect(read.data!.identification.candidates.map((c) => c.label)).toEqual(stored.candidates.map((c) => c.label));
  });

  it('serves an import through one replica from both, without a restart', async () => {
    const before = await gql<EstimatePriceQuery>(a, EstimatePriceDocument, { input: symbol });
    expect(before.data!.estimatePrice).toMatchObject({ hasListings: false });
    const { body } = await multipart<ImportListingsMutation>(b.url, ImportListingsDocument, { file: null, wait: true }, [{ path: 'file', bytes: symbolCsv(25, 0), filename: 'symbol.csv' }], admin);
    const job = await finished(b, body.data!.importListings);
    expect(job).toMatchObject({ status: 'SUCCEEDED', listingsImport: { inserted: 25, retrained: true } });
    const version = job.listingsImport!.priceModelVersion;
    // Replica A checks the active version every PRICE_MODEL_REFRESH_MS: poll until it answers from the new one.
    for (;;) {
      const after = await gql<EstimatePriceQuery>(a, EstimatePriceDocument, { input: symbol });
      if (after.data!.estimatePrice.modelVersion === version) {
        expect(after.data!.estimatePrice).toMatchObject({ hasListings: true, listingsCount: 25 });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  it('serialises imports sent to both replicas at once: both land, one version each', async () => {
    const versions = await count('SELECT count(*) AS n FROM price_model_versions');
    const listings = await count('SELECT count(*) AS n FROM listings');
    const send = (replica: ServiceProcess, offset: number) =>
      multipart<ImportListingsMutation>(replica.url, ImportListingsDocument, { file: null, wait: true }, [{ path: 'file', bytes: symbolCsv(10, offset), filename: `more-${offset}.csv` }], admin);
    const [first, second] = await Promise.all([send(a, 100), send(b, 200)]);
    const jobs = await Promise.all([finished(a, first.body.data!.importListings), finished(b, second.body.data!.importListings)]);
    for (const job of jobs) expect(job, JSON.stringify(job.error)).toMatchObject({ status: 'SUCCEEDED', listingsImport: { inserted: 10, retrained: true } });
    expect(await count('SELECT count(*) AS n FROM listings')).toBe(listings + 20);
    expect(await count('SELECT count(*) AS n FROM price_model_versions')).toBe(versions + 2);
    expect(await count('SELECT count(*) AS n FROM price_model_versions WHERE active')).toBe(1);
  }, 120_000);
});
