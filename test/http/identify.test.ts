import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { multipart } from '../helpers/multipart.js';
import {
  IdentifyVehicleBase64Document,
  IdentifyVehicleDocument,
  IdentifyVehiclesDocument,
  StoredIdentificationDocument,
  StoredNodeDocument,
  type IdentifyVehicleMutation,
  AppraiseVehicleDocument,
  type AppraiseVehicleMutation,
  type IdentifyVehiclesMutation,
} from '../generated/operations.js';

const photo = (label: string, file: string) => fs.readFileSync(path.join('test/fixtures/photos', label, file));
const clio = photo('clio', 'car172.jpg');
// A photo the unknown-model detector refuses (test/fixtures/refused/README.md).
const refused = fs.readFileSync('test/fixtures/refused/polo-car1131.jpg');
const knownClio = photo('clio', 'car276.jpg');
const MAX_UPLOAD_BYTES = 300_000;

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ INFERENCE_ENABLED: 'true', MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
});
afterAll(() => service.stopAndClean());

const identify = (bytes: Uint8Array, filename = 'car.jpg', variables: Record<string, unknown> = {}) =>
  multipart<IdentifyVehicleMutation>(service.baseUrl, IdentifyVehicleDocument, { image: null, ...variables }, [
    { path: 'image', bytes, filename },
  ]);

describe('identifyVehicle over multipart HTTP', () => {
  it('identifies a real car photo, maps it to the catalog and stores the result', async () => {
    const { status, body } = await identify(clio, 'clio.jpg', { topK: 3 });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const result = body.data!.identifyVehicle;
    expect(result.candidates).toHaveLength(3);
    expect(result.candidates.map((c) => c.label)).toContain('clio');
    const confidences = result.candidates.map((c) => c.confidence);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
    expect(confidences.reduce((a, b) => a + b)).toBeLessThanOrEqual(1.0001);
    expect(result.provider).toBe('cpu');
    expect(result.model.id).toBe('car-classifier');
    const { width, height } = await sharp(clio).metadata();
    expect(result.image).toMatchObject({ width, height });
    expect(result.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    const box = result.boundingBox!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width!);
    expect(box.y + box.height).toBeLessThanOrEqual(height!);
    if (result.candidates[0].label === 'clio') expect(result.vehicle).toMatchObject({ make: 'Renault', model: 'Clio' });

    const stored = await service.gql(StoredIdentificationDocument, { id: result.id });
    expect(stored.data!.identification.candidates).toEqual(result.candidates.map(({ label, confidence }) => ({ label, confidence })));
    expect(stored.data!.identification.vehicle?.id ?? null).toBe(result.vehicle?.id ?? null);
  });

  it('gives the same answer for the same photo sent as base64 JSON', async () => {
    const multi = await identify(clio);
    const base64 = await service.gql(IdentifyVehicleBase64Document, { imageBase64: `data:image/jpeg;base64,${clio.toString('base64')}` });
    expect(base64.errors).toBeUndefined();
    expect(base64.data!.identifyVehicleBase64.candidates[0].label).toBe(multi.body.data!.identifyVehicle.candidates[0].label);
    expect(base64.data!.identifyVehicleBase64.confidence).toBeCloseTo(multi.body.data!.identifyVehicle.confidence, 4);
  });

  it('identifies several photos in one request, with an error in place of a bad one', async () => {
    const { body } = await multipart<IdentifyVehiclesMutation>(service.baseUrl, IdentifyVehiclesDocument, { images: [null, null] }, [
      { path: 'images.0', bytes: clio, filename: 'a.jpg' },
      { path: 'images.1', bytes: Buffer.from('just some text, not a photo'), filename: 'b.jpg' },
    ]);
    expect(body.data!.identifyVehicles[0]!.candidates.length).toBeGreaterThan(0);
    expect(body.data!.identifyVehicles[1]).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['identifyVehicles', 1], extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });
});

describe('idempotent re-identification (by image content hash)', () => {
  it('answers the same image again from the stored identification within the retention window, and says so', async () => {
    const first = (await identify(knownClio, 'a.jpg', { topK: 4 })).body.data!.identifyVehicle;
    const second = (await identify(knownClio, 'another-name.jpg', { topK: 4 })).body.data!.identifyVehicle;
    expect(second).toMatchObject({ id: first.id, reused: true, candidates: first.candidates, image: first.image });
    // Another topK is another question: a new run.
    const other = (await identify(knownClio, 'a.jpg', { topK: 2 })).body.data!.identifyVehicle;
    expect(other).toMatchObject({ reused: false });
    expect(other.id).not.toBe(first.id);
    // The stored one is a node, fetched again as it was.
    const node = await service.gql(StoredNodeDocument, { id: first.id });
    expect(node.data!.node).toMatchObject({ __typename: 'Identification', id: first.id, reused: false });
    // Past the retention window (30 days by default) the image is identified afresh.
    const sqlite = new Database(service.config.databasePath);
    sqlite.prepare("UPDATE identifications SET created_at = '2000-01-01T00:00:00.000Z' WHERE image_sha256 = ?").run(first.image.sha256);
    sqlite.close();
    const later = (await identify(knownClio, 'a.jpg', { topK: 4 })).body.data!.identifyVehicle;
    expect(later.reused).toBe(false);
    expect(later.id).not.toBe(first.id);
  });
});

describe('identification metrics', () => {
  it('reports inference latency per stage and batch sizes per model', async () => {
    await identify(clio);
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(text).toMatch(/carvalue_inference_batch_size_count\{model="car-classifier"\} [1-9]/);
    expect(text).toMatch(/carvalue_inference_batch_size_count\{model="yolox-nano"\} [1-9]/);
    expect(text).toMatch(/carvalue_inference_duration_seconds_count\{model="car-classifier",stage="classify"\} [1-9]/);
  });
});

describe('appraiseVehicle', () => {
  const photos = fs
    .readdirSync('test/fixtures/photos', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join('test/fixtures/photos', entry.name);
      // The last photo of each class (clio/car172.jpg is the whole-image fallback's close-up).
      return [entry.name, path.join(dir, fs.readdirSync(dir).sort().at(-1)!)] as const;
    });

  it.each(photos)('prices a photo of a %s from year and mileage alone, with the production years of the car', async (_label, file) => {
    const usage = { year: 2017, mileageKm: 60_000 };
    const { body } = await multipart<AppraiseVehicleMutation>(service.baseUrl, AppraiseVehicleDocument, { image: null, usage }, [
      { path: 'image', bytes: fs.readFileSync(file), filename: path.basename(file) },
    ]);
    expect(body.errors).toBeUndefined();
    const { identification, estimate, price } = body.data!.appraiseVehicle;
    expect(identification.vehicle!.id).toBe(estimate!.vehicle!.id);
    // The price to show carries the identification's doubt: the top candidate's estimate only when IDENTIFIED.
    if (identification.outcome === 'IDENTIFIED') expect(price).toMatchObject({ amount: estimate!.amount, low: estimate!.low, high: estimate!.high, mixed: false });
    else expect(price!.components.length).toBeGreaterThanOrEqual(1);
    expect(identification.vehicle!.productionYears!.from).toBeLessThanOrEqual(2017);
    // A 2017 car with 60,000 km was listed between 3,000 and 60,000 EUR in 2021.
    expect(estimate!.amount).toBeGreaterThan(3_000);
    expect(estimate!.amount).toBeLessThan(60_000);
    expect(estimate!.low).toBeLessThan(estimate!.amount);
    expect(estimate!.asOf).toBe('2021');
    expect(estimate!.assumptions.map((a) => a.field)).toEqual(['fuel', 'transmission', 'powerHp']);
    expect(estimate!.car).toMatchObject({ year: 2017, mileageKm: 60_000 });
  });

  it('keeps the identification and names the field when the usage cannot be priced', async () => {
    const usage = { year: 2035, mileageKm: 60_000 };
    const { body } = await multipart<AppraiseVehicleMutation>(service.baseUrl, AppraiseVehicleDocument, { image: null, usage }, [
      { path: 'image', bytes: knownClio, filename: 'clio.jpg' },
    ]);
    expect(body.data!.appraiseVehicle.identification.candidates.length).toBeGreaterThan(0);
    expect(body.data!.appraiseVehicle.estimate).toBeNull();
    expect(body.data!.appraiseVehicle.price).toBeNull();
    expect(body.errors![0]).toMatchObject({ path: ['appraiseVehicle', 'estimate'], extensions: { code: 'BAD_USER_INPUT', field: 'year' } });
    expect(body.errors![1]).toMatchObject({ path: ['appraiseVehicle', 'price'], extensions: { code: 'BAD_USER_INPUT', field: 'year' } });
  });

  it('does not price a car whose outcome is UNKNOWN_MODEL: the estimate is null with a coded error, the identification stays', async () => {
    const usage = { year: 2017, mileageKm: 60_000 };
    const { body } = await multipart<AppraiseVehicleMutation>(service.baseUrl, AppraiseVehicleDocument, { image: null, usage }, [
      { path: 'image', bytes: refused, filename: 'polo.jpg' },
    ]);
    const { identification, estimate } = body.data!.appraiseVehicle;
    expect(identification.outcome).toBe('UNKNOWN_MODEL');
    // The nearest known model is a catalog vehicle: without the outcome check it would have been priced.
    expect(identification.vehicle).not.toBeNull();
    expect(estimate).toBeNull();
    expect(body.data!.appraiseVehicle.price).toBeNull();
    expect(body.errors).toHaveLength(2);
    for (const [i, field] of ['estimate', 'price'].entries()) {
      expect(body.errors![i]).toMatchObject({
        path: ['appraiseVehicle', field],
        extensions: { code: 'BAD_USER_INPUT', field: 'image', outcome: 'UNKNOWN_MODEL' },
      });
    }
    expect(body.errors![0].message).toContain('a car we do not know yet');
  });
});

describe('identifyVehicle errors', () => {
  const codeOf = (body: { errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code;

  it('NO_VEHICLE_FOUND for an image without a car', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 320 * 240 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 320, height: 240, channels: 3 },
    })
      .png()
      .toBuffer();
    expect(codeOf((await identify(noise, 'noise.png')).body)).toBe('NO_VEHICLE_FOUND');
  });

  it('PAYLOAD_TOO_LARGE for an upload over the limit, and the server stays up', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 10_000, 7);
    const { body } = await identify(big, 'big.jpg');
    expect(codeOf(body)).toBe('PAYLOAD_TOO_LARGE');
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
  });

  it('BAD_USER_INPUT for topK out of range or invalid base64', async () => {
    expect(codeOf((await identify(clio, 'c.jpg', { topK: 0 })).body)).toBe('BAD_USER_INPUT');
    expect(codeOf(await service.gql(IdentifyVehicleBase64Document, { imageBase64: '%%% not base64 %%%' }))).toBe('BAD_USER_INPUT');
  });

  it('refuses a multipart request without a preflight header (CSRF prevention)', async () => {
    const { status } = await multipart(service.baseUrl, IdentifyVehicleDocument, { image: null }, [{ path: 'image', bytes: clio, filename: 'c.jpg' }], {});
    expect(status).toBe(400);
  });

  it('NOT_FOUND for an unknown identification id', async () => {
    expect(codeOf(await service.gql(StoredIdentificationDocument, { id: 'nope' }))).toBe('NOT_FOUND');
  });
});
