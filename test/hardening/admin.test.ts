import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerOf } from '../../src/http/auth.js';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import {
  DeleteIdentificationDocument,
  EstimatePriceDocument,
  ImportListingsDocument,
  RetrainPriceModelsDocument,
  type ImportListingsMutation,
} from '../generated/operations.js';

const TOKEN = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}`, 'apollo-require-preflight': 'true' };
const HEADER = fs.readFileSync('data/seed/prices/A6.csv', 'utf8').split('\n')[0];
const clioRows = (n: number, price = 12_900) =>
  Array.from({ length: n }, (_, i) => `Renault,Clio,${2015 + (i % 6)},${30_000 + i * 7_000},2019-05-01,Essence,Manuelle,90,Euro 6,Rouge,Citadine,France,18000,${price - i * 300}`);
const csv = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;

let service: TestService;
const count = (table: string) => {
  const sqlite = new Database(service.config.databasePath, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
};
const importFile = (bytes: Buffer, headers: Record<string, string> = admin) =>
  multipart<ImportListingsMutation>(service.baseUrl, ImportListingsDocument, { file: null }, [{ path: 'file', bytes, filename: 'listings.csv' }], headers);

beforeAll(async () => {
  service = await startTestService({ ADMIN_TOKEN: TOKEN });
});
afterAll(() => service.stopAndClean());

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
    expect(codeOf(await service.gql(DeleteIdentificationDocument, { id: 'x' }))).toBe('UNAUTHENTICATED');
    const before = count('listings');
    expect(codeOf((await importFile(csv(clioRows(3)), { 'apollo-require-preflight': 'true' })).body)).toBe('UNAUTHENTICATED');
    expect(count('listings')).toBe(before);
    const read = await service.gql(EstimatePriceDocument, {
      input: { make: 'Audi', model: 'A6', year: 2020, mileageKm: 50_000, fuel: 'DIESEL', transmission: 'AUTOMATIC', powerHp: 200 },
    });
    expect(read.errors).toBeUndefined();
  });

  it('retrains and activates a new version for the admin', async () => {
    const { data, errors } = await service.gql(RetrainPriceModelsDocument, {}, admin);
    expect(errors).toBeUndefined();
    expect(data!.retrainPriceModels.version).toBeGreaterThan(1);
    expect(data!.retrainPriceModels.report).toMatch(/Linear.*Tree.*Pooled/);
  });

  it('deletes a stored identification only once', async () => {
    expect((await service.gql(DeleteIdentificationDocument, { id: 'unknown' }, admin)).data!.deleteIdentification).toBe(false);
  });
});

describe('importListings', () => {
  it('imports a valid file whole, retrains, and prices the new car model from its own listings', async () => {
    const before = count('listings');
    const input = { make: 'Renault', model: 'Clio', year: 2018, mileageKm: 60_000, fuel: 'PETROL' as const, transmission: 'MANUAL' as const, powerHp: 90 };
    expect(codeOf(await service.gql(EstimatePriceDocument, { input }))).toBe('BAD_USER_INPUT');
    const { body } = await importFile(csv(clioRows(12)));
    expect(body.errors).toBeUndefined();
    expect(body.data!.importListings).toMatchObject({ imported: 12, vehicles: [{ id: 'renault-clio' }] });
    expect(count('listings')).toBe(before + 12);
    const priced = await service.gql(EstimatePriceDocument, { input });
    expect(priced.errors).toBeUndefined();
    expect(priced.data!.estimatePrice).toMatchObject({ hasListings: true, modelVersion: body.data!.importListings.priceModelVersion });
  });

  it('rejects a file with bad rows, naming each line, and changes nothing', async () => {
    const before = { listings: count('listings'), versions: count('price_model_versions') };
    const rows = clioRows(4);
    rows[1] = rows[1].replace('Essence', 'Vapeur');
    rows[3] = rows[3].replace('Renault,Clio', 'Lada,Niva');
    const { body } = await importFile(csv(rows));
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(body.errors![0].message).toMatch(/line 3.*Carburant/);
    expect((body.errors![0].extensions!.rows as { line: number }[]).map((r) => r.line)).toEqual([3]);
    expect(count('listings')).toBe(before.listings);
    expect(count('price_model_versions')).toBe(before.versions);
    const unknown = await importFile(csv([clioRows(1)[0].replace('Renault,Clio', 'Lada,Samara')]));
    expect(unknown.body.errors![0].message).toMatch(/line 2.*Lada Samara/);
    expect(count('listings')).toBe(before.listings);
  });

  it('keeps every row of concurrent imports, and none of a concurrent bad one', async () => {
    const before = count('listings');
    const bad = clioRows(5);
    bad[4] = bad[4].replace(/,\d+$/, ',free');
    const results = await Promise.all([importFile(csv(clioRows(5))), importFile(csv(bad)), importFile(csv(clioRows(7)))]);
    expect(results.map((r) => (r.body.errors ? codeOf(r.body) : r.body.data!.importListings.imported))).toEqual([5, 'BAD_USER_INPUT', 7]);
    expect(count('listings')).toBe(before + 12);
    const versions = results.filter((r) => !r.body.errors).map((r) => r.body.data!.importListings.priceModelVersion);
    expect(new Set(versions).size).toBe(2);
  });
});
