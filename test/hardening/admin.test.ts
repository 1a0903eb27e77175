import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerOf } from '../../src/http/auth.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import { smallSeedDir } from '../helpers/seed.js';
import { studyCsv, symbolRows } from '../helpers/listings.js';
import {
  AdminJobDocument,
  DeleteIdentificationDocument,
  EstimatePriceDocument,
  ImportListingsDocument,
  RetrainPriceModelsDocument,
  type AdminJobFieldsFragment,
  type ImportListingsMutation,
} from '../generated/operations.js';

const TOKEN = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}`, 'apollo-require-preflight': 'true' };
const csv = studyCsv;
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;
const symbol = { make: 'Renault', model: 'Symbol', year: 2016, mileageKm: 60_000 };

let service: TestService;
let seedDir: string;
const count = (table: string) => {
  const sqlite = new Database(service.config.databasePath, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
};
const importFile = (bytes: Buffer, headers: Record<string, string> = admin, wait = true) =>
  multipart<ImportListingsMutation>(service.baseUrl, ImportListingsDocument, { file: null, wait }, [{ path: 'file', bytes, filename: 'listings.csv' }], headers);

/** Reads the job until it has ended (the mutation with wait: true answers at the end already; this is for wait: false). */
async function finished(id: string): Promise<AdminJobFieldsFragment> {
  for (;;) {
    const { data } = await service.gql(AdminJobDocument, { id }, admin);
    const job = data!.adminJob;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  // Every 25th market listing: a first start that trains in seconds, in the admin worker.
  seedDir = smallSeedDir(25);
  service = await startTestService({ ADMIN_TOKEN: TOKEN, SEED_DIR: seedDir });
});
afterAll(async () => {
  await service.stopAndClean();
  fs.rmSync(seedDir, { recursive: true, force: true });
});

describe('first start without matching shipped models', () => {
  it('trains in the background: estimates are SERVICE_UNAVAILABLE until the job ends, then answer', async () => {
    const jobs = service.services.jobs.list();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].kind).toBe('retrain');
    const job = await finished(jobs[0].id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', priceTraining: { version: 1 } });
    expect(job.priceTraining!.listings).toBeGreaterThan(1000);
    const priced = await service.gql(EstimatePriceDocument, { input: { ...symbol, make: 'Dacia', model: 'Sandero' } });
    expect(priced.errors).toBeUndefined();
  });
});

describe('admin token', () => {
  it('tells anonymous, admin and wrong tokens apart', () => {
    expect(callerOf(undefined, TOKEN)).toBe('anonymous');
    expect(callerOf(`Bearer ${TOKEN}`, TOKEN)).toBe('admin');
    expect(callerOf(`bearer ${TOKEN}`, TOKEN)).toBe('admin');
    expect(callerOf(`Bearer ${TOKEN}x`, TOKEN)).toBe('invalid');
    expect(callerOf(`Basic abc`, TOKEN)).toBe('invalid');
    expect(callerOf(`Bearer ${TOKEN}`, null)).toBe('invalid');
  });

  it('UNAUTHENTICATED without a token, FORBIDDEN with a wrong one; reads stay public', async () => {
    expect(codeOf(await service.gql(RetrainPriceModelsDocument))).toBe('UNAUTHENTICATED');
    expect(codeOf(await service.gql(RetrainPriceModelsDocument, {}, { authorization: 'Bearer wrong-token-wrong-token' }))).toBe('FORBIDDEN');
    expect(codeOf(await service.gql(AdminJobDocument, { id: 'x' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await service.gql(DeleteIdentificationDocument, { id: 'x' }))).toBe('UNAUTHENTICATED');
    const before = count('listings');
    expect(codeOf((await importFile(csv(symbolRows(3)), { 'apollo-require-preflight': 'true' })).body)).toBe('UNAUTHENTICATED');
    expect(count('listings')).toBe(before);
    expect((await service.gql(EstimatePriceDocument, { input: symbol })).errors).toBeUndefined();
  });

  it('deletes a stored identification only once', async () => {
    expect((await service.gql(DeleteIdentificationDocument, { id: 'unknown' }, admin)).data!.deleteIdentification).toBe(false);
  });
});

describe('importListings', () => {
  it('imports the study format, retrains, and prices the car model from its own listings', async () => {
    const before = count('listings');
    const unseen = await service.gql(EstimatePriceDocument, { input: symbol });
    expect(unseen.data!.estimatePrice).toMatchObject({ hasListings: false, method: 'gbm-make' });
    const { body } = await importFile(csv(symbolRows(25)));
    expect(body.errors).toBeUndefined();
    const job = body.data!.importListings;
    expect(job).toMatchObject({ status: 'SUCCEEDED', kind: 'IMPORT' });
    expect(job.listingsImport).toMatchObject({ source: 'study-fr', read: 25, kept: 25, inserted: 25, alreadyStored: 0, retrained: true, vehicles: [{ id: 'renault-symbol' }] });
    expect(count('listings')).toBe(before + 25);
    const priced = await service.gql(EstimatePriceDocument, { input: symbol });
    expect(priced.data!.estimatePrice).toMatchObject({ hasListings: true, modelVersion: job.listingsImport!.priceModelVersion, listingsCount: 25 });
  });

  it('is idempotent: the same file again adds nothing and keeps the models', async () => {
    const before = { listings: count('listings'), versions: count('price_model_versions') };
    const { body } = await importFile(csv(symbolRows(25)));
    expect(body.data!.importListings.listingsImport).toMatchObject({ kept: 25, inserted: 0, alreadyStored: 25, retrained: false });
    expect(count('listings')).toBe(before.listings);
    expect(count('price_model_versions')).toBe(before.versions);
  });

  it('counts and drops absurd rows, never training on them, and reports each rule', async () => {
    const rows = symbolRows(6, 9_900);
    rows[1] = rows[1].replace('Essence', 'Vapeur');
    rows[2] = rows[2].replace(/,\d+$/, ',3');
    rows[3] = rows[3].replace('Renault,Symbol', 'Trabant,601');
    const { body } = await importFile(csv(rows));
    const report = body.data!.importListings.listingsImport!;
    expect(report).toMatchObject({ read: 6, kept: 3, inserted: 3 });
    const dropped = Object.fromEntries(report.dropped.filter((d) => d.count > 0).map((d) => [d.reason, d.lines]));
    expect(dropped).toEqual({ 'unsupported-fuel': [3], 'price-out-of-range': [4], 'unknown-car-model': [5] });
  });

  it('fails a file of no known format as a job with a coded error, and changes nothing', async () => {
    const before = { listings: count('listings'), versions: count('price_model_versions') };
    const { body } = await importFile(Buffer.from('name,price\nfoo,12\n'));
    expect(body.data!.importListings).toMatchObject({ status: 'FAILED', error: { code: 'BAD_USER_INPUT' }, listingsImport: null });
    expect(body.data!.importListings.error!.message).toMatch(/unknown format/);
    expect(count('listings')).toBe(before.listings);
    expect(count('price_model_versions')).toBe(before.versions);
  });
});

describe('retrainPriceModels', () => {
  it('runs off the event loop: /health keeps answering while the job trains', async () => {
    const started = await service.gql(RetrainPriceModelsDocument, { wait: false }, admin);
    const id = started.data!.retrainPriceModels.id;
    expect(['QUEUED', 'RUNNING']).toContain(started.data!.retrainPriceModels.status);
    let answeredWhileRunning = 0;
    for (;;) {
      const health = await fetch(`${service.baseUrl}/health`);
      expect(health.status).toBe(200);
      const job = service.services.jobs.get(id)!;
      if (job.status !== 'RUNNING' && job.status !== 'QUEUED') break;
      answeredWhileRunning += 1;
    }
    // A training on the event loop would have let no /health request through before it ended.
    expect(answeredWhileRunning).toBeGreaterThan(5);
    const job = await finished(id);
    expect(job.status).toBe('SUCCEEDED');
    expect((await service.gql(EstimatePriceDocument, { input: symbol })).data!.estimatePrice.modelVersion).toBe(job.priceTraining!.version);
  });

  it('queues admin jobs visibly and refuses more than the queue holds', async () => {
    const submitted = await Promise.all([0, 1, 2, 3].map(() => service.gql(RetrainPriceModelsDocument, { wait: false }, admin)));
    const codes = submitted.map((r) => (r.errors ? codeOf(r) : r.data!.retrainPriceModels.status));
    // One runs, two wait, the fourth is refused; the queue is readable by id.
    expect(codes.filter((c) => c === 'SERVICE_UNAVAILABLE')).toHaveLength(1);
    expect(codes.filter((c) => c === 'QUEUED')).toHaveLength(2);
    const queued = submitted.find((r) => r.data?.retrainPriceModels.status === 'QUEUED')!;
    expect((await service.gql(AdminJobDocument, { id: queued.data!.retrainPriceModels.id }, admin)).data!.adminJob.status).toMatch(/QUEUED|RUNNING|SUCCEEDED/);
  });
});
