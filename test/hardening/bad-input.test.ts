/**
 * The bad-input corpus: each request must get its expected error code, the
 * server must stay up, and the database must be unchanged where a request failed.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type GraphQLBody, type TestService } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import { noisePng, pngPixelBomb } from '../helpers/images.js';
import { EstimatePriceDocument, IdentifyVehicleDocument, VehiclesPageDocument } from '../generated/operations.js';

const MAX_UPLOAD_BYTES = 2_000_000;
const car = fs.readFileSync('test/fixtures/photos/clio/car172.jpg');
const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;

let service: TestService;
let snapshot: () => Record<string, number>;
beforeAll(async () => {
  service = await startTestService({ INFERENCE_ENABLED: 'true', MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
  snapshot = () => {
    const sqlite = new Database(service.config.databasePath, { readonly: true });
    try {
      return Object.fromEntries(
        ['vehicle_models', 'vehicle_aliases', 'listings', 'price_models', 'price_model_versions', 'identifications'].map((table) => [
          table,
          (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
        ]),
      );
    } finally {
      sqlite.close();
    }
  };
});
afterAll(() => service.stopAndClean());

const upload = (bytes: Buffer, filename: string) =>
  multipart(service.baseUrl, IdentifyVehicleDocument, { image: null }, [{ path: 'image', bytes, filename }]);

describe('bad images', () => {
  it.each<[string, () => Promise<Buffer> | Buffer, string, string]>([
    ['a truncated JPEG', () => car.subarray(0, Math.floor(car.length / 3)), 'car.jpg', 'BAD_USER_INPUT'],
    ['a zero-byte file', () => Buffer.alloc(0), 'empty.jpg', 'BAD_USER_INPUT'],
    ['a text file named .jpg', () => Buffer.from('this is not a photo, it is text\n'.repeat(20)), 'note.jpg', 'UNSUPPORTED_MEDIA_TYPE'],
    ['a GIF', () => sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).gif().toBuffer(), 'a.gif', 'UNSUPPORTED_MEDIA_TYPE'],
    ['a 20000x20000 PNG pixel bomb', () => pngPixelBomb(), 'bomb.png', 'PAYLOAD_TOO_LARGE'],
    ['an upload over the size limit', () => Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0xff), 'big.jpg', 'PAYLOAD_TOO_LARGE'],
    ['a picture without a car', () => noisePng(), 'noise.png', 'NO_VEHICLE_FOUND'],
  ])('%s gives %s', async (_name, make, filename, code) => {
    const before = snapshot();
    const { body } = await upload(await make(), filename);
    expect(codeOf(body)).toBe(code);
    expect(body.errors![0].message).not.toMatch(/at .*\.[jt]s:\d+|sharp|vips/i);
    expect(snapshot()).toEqual(before);
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
  });
});

describe('bad queries', () => {
  const post = async (body: unknown) => {
    const response = await fetch(`${service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await response.json()) as GraphQLBody<unknown>;
  };
  const car = { make: 'Audi', model: 'A6', year: 2020, mileageKm: 50_000, fuel: 'DIESEL' as const, transmission: 'AUTOMATIC' as const, powerHp: 200 };

  it.each<[string, unknown, string]>([
    ['deeply nested', { query: `{ vehicles { edges { node { ${'characteristics { '.repeat(150)}source${' }'.repeat(150)} } } } }` }, 'GRAPHQL_VALIDATION_FAILED'],
    ['alias-flooded', { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: health { status }`).join(' ')} }` }, 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown field', { query: '{ vehicles { edges { node { engineSerialNumber } } } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a wrong enum literal', { query: '{ estimatePrice(input: {make: "Audi", model: "A6", year: 2020, mileageKm: 1, fuel: STEAM, transmission: MANUAL, powerHp: 100}) { amount } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['not a query at all (a syntax error: 400, issue #11 item 4)', { query: 'DROP TABLE listings;' }, 'GRAPHQL_PARSE_FAILED'],
    ['a variable of the wrong type', { query: 'query ($n: Int) { vehicles(first: $n) { totalCount } }', variables: { n: 'many' } }, 'BAD_USER_INPUT'],
  ])('%s', async (_name, body, code) => {
    const before = snapshot();
    expect(codeOf(await post(body))).toBe(code);
    expect(snapshot()).toEqual(before);
  });

  it('treats SQL-looking and very long strings as data', async () => {
    const before = snapshot();
    for (const make of ["Audi'; DROP TABLE listings; --", 'Audi" OR 1=1 --', 'x'.repeat(200)]) {
      const estimate = await service.gql(EstimatePriceDocument, { input: { ...car, make } });
      expect(codeOf(estimate)).toBe('BAD_USER_INPUT');
      const list = await service.gql(VehiclesPageDocument, { make, first: 5 });
      expect(list.data!.vehicles.totalCount).toBe(0);
    }
    // Over the length limit: refused before any lookup, named, and echoed as a short prefix at most.
    const long = await service.gql(VehiclesPageDocument, { make: 'x'.repeat(100_000), first: 5 });
    expect(long.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'make' });
    expect(JSON.stringify(long).length).toBeLessThan(1_000);
    expect(snapshot()).toEqual(before);
    expect((await service.gql(EstimatePriceDocument, { input: car })).errors).toBeUndefined();
  });
});
