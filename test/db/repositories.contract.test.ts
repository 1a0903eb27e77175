/**
 * The repository contract (issue #12): the same suite runs on SQLite and on a
 * real PostgreSQL server started by the tests (test/setup/postgres-server.ts),
 * so both storages answer every query the service makes in the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStorage } from '../../src/db/open.js';
import type { Storage } from '../../src/db/storage.js';
import { VehicleRepository } from '../../src/db/repositories/vehicles.js';
import { ListingRepository } from '../../src/db/repositories/listings.js';
import { PriceModelRepository, type NewVersion, type StoredModelInput } from '../../src/db/repositories/price-models.js';
import { IdentificationRepository } from '../../src/db/repositories/identifications.js';
import { IdentificationReportRepository } from '../../src/db/repositories/identification-reports.js';
import { ReplayRepository } from '../../src/db/repositories/replay.js';
import { ComparablesRepository } from '../../src/db/repositories/comparables.js';
import { seedCatalog } from '../../src/bootstrap/seed-catalog.js';
import { buildCatalog } from '../../src/bootstrap/catalog.js';
import { SEED_LISTINGS, seedListings } from '../../src/bootstrap/pricing.js';
import { VehicleService } from '../../src/services/vehicles/vehicle-service.js';
import { tempDir } from '../helpers/service.js';
import { smallSeedDir } from '../helpers/seed.js';
import { newPostgresDatabase, postgresSkipped } from '../helpers/postgres.js';

const seedDir = smallSeedDir(40);
const listingsInSeed = fs.readFileSync(path.join(seedDir, SEED_LISTINGS), 'utf8').trim().split('\n').length - 1;

const backends = [
  { name: 'SQLite', skip: null, open: async () => openStorage(loadConfig({ DATABASE_PATH: path.join(tempDir(), 'contract.sqlite') }).storage) },
  { name: 'PostgreSQL', skip: postgresSkipped, open: async () => openStorage(loadConfig({ DATABASE_URL: await newPostgresDatabase() }).storage) },
];

const model = (kind: string, vehicleModelId: string | null, chosen: boolean): StoredModelInput => ({
  kind,
  vehicleModelId,
  chosen,
  features: ['age', 'km'],
  params: { kind, nested: { values: [1, 2.5, null], flag: true } },
  trainingRows: 10,
  mae: 100,
  mape: 0.1,
  rmse: 150,
  coverage: 0.8,
});

const saveActive = (storage: Storage, models: StoredModelInput[], version: NewVersion) =>
  storage.transaction((tx) => new PriceModelRepository(tx).insertActive(models, version));

const identification = (id: string, createdAt: string) => ({
  id,
  createdAt,
  imageSha256: `sha-${id}`,
  imageWidth: 640,
  imageHeight: 480,
  modelId: 'car-classifier',
  modelVersion: '1',
  provider: 'cpu',
  topLabel: 'clio',
  confidence: 0.93,
  uncertain: false,
  vehicleModelId: 'renault-clio',
  result: { candidates: [{ label: 'clio', confidence: 0.93 }] },
});

describe.each(backends)('repositories on $name', ({ skip, open }) => {
  let storage: Storage;
  beforeAll(async () => {
    if (skip) return;
    storage = await open();
    await seedCatalog(storage, seedDir);
    await seedListings(storage, path.join(seedDir, SEED_LISTINGS));
  }, 120_000);
  afterAll(async () => {
    await storage?.close();
  });

  describe.skipIf(skip)('', () => {
    it('applies its migrations and reports where the data lives without credentials', async () => {
      expect(await storage.appliedMigrations()).toBeGreaterThanOrEqual(1);
      expect(storage.location).not.toMatch(/password|:[^/@]*@/);
    });

    it('reads the catalog: ids, labels, names, generations, pages', async () => {
      const vehicles = new VehicleRepository(storage);
      expect(await vehicles.count()).toBe(buildCatalog(seedDir).length);
      expect((await vehicles.findById('volkswagen-golf'))?.make).toBe('Volkswagen');
      expect(await vehicles.findById('no-such-car')).toBeUndefined();
      expect((await vehicles.findByLabel('bmw_serie_1'))?.id).toBe('bmw-1-series');
      expect((await vehicles.findByIds(['renault-clio', 'audi-a6', 'nope'])).map((v) => v.id).sort()).toEqual(['audi-a6', 'renault-clio']);
      expect((await vehicles.findByIds(['audi-a6']))[0].inProduction).toBe(true);
      expect(await vehicles.makeByKey('mercedes')).toBe('Mercedes-Benz');
      const names = new VehicleService(vehicles);
      expect((await names.findByName('Mercedes', 'Classe E')).map((v) => v.id)).toEqual(['mercedes-benz-e-class']);
      expect((await names.findByName('BMW', '320d')).map((v) => v.id)).toEqual(['bmw-3-series']);
      const lookup = await names.nameLookup();
      expect(lookup('bmw', 'Série 3').map((v) => v.id)).toEqual(['bmw-3-series']);
      const golf = (await vehicles.generations(['volkswagen-golf'])).get('volkswagen-golf')!;
      expect(golf.length).toBeGreaterThan(3);
      expect(golf[0].engines.length).toBeGreaterThan(0);
      expect((await vehicles.labels(['bmw-1-series'])).get('bmw-1-series')!.map((l) => l.label)).toContain('bmw_serie_1');

      const first = await names.list({ make: 'bmw' }, { first: 3 });
      expect(first.nodes.map((v) => v.make)).toEqual(['BMW', 'BMW', 'BMW']);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await names.list({ make: 'bmw' }, { first: 3, after: first.pageInfo.endCursor });
      expect(second.nodes[0].id > first.nodes[2].id).toBe(true);
      const back = await names.list({ make: 'bmw' }, { last: 3, before: second.pageInfo.startCursor });
      expect(back.nodes.map((v) => v.id)).toEqual(first.nodes.map((v) => v.id));
      expect(first.totalCount).toBe(second.totalCount);
    });

    it('stores listings once: a second insert of the same rows adds nothing', async () => {
      const listings = new ListingRepository(storage);
      const count = await listings.count();
      expect(count).toBeGreaterThan(listingsInSeed * 0.9);
      const rows = await listings.trainingRows();
      expect(rows).toHaveLength(count);
      expect(rows.map((r) => r.rowHash)).toEqual([...rows.map((r) => r.rowHash)].sort());
      expect((await listings.rowHashes()).size).toBe(count);
      expect((await listings.vehicleModelIds()).has('volkswagen-golf')).toBe(true);
      const counts = await new VehicleRepository(storage).listingsCount(['volkswagen-golf', 'renault-symbol']);
      expect(counts.get('volkswagen-golf')).toBe(rows.filter((r) => r.vehicleModelId === 'volkswagen-golf').length);
      expect(counts.has('renault-symbol')).toBe(false);
      expect(await seedListings(storage, path.join(seedDir, SEED_LISTINGS))).toBeNull();
      const stored = await storage.db.select().from(storage.tables.listings).limit(5);
      const again = stored.map(({ id: _id, ...row }) => ({ ...row, source: 'again' }));
      expect(await storage.transaction((tx) => new ListingRepository(tx).insertNew(again))).toBe(0);
      expect(await listings.count()).toBe(count);
    });

    it('activates a price model version atomically; a failed write leaves the active one in place', async () => {
      const priceModels = new PriceModelRepository(storage);
      const meta = { listingsCount: 1, listingsHash: 'h1', trainer: 't', summary: { note: 'first' } };
      const v1 = await saveActive(storage, [model('market', null, true), model('linear', 'renault-clio', true), model('tree', 'renault-clio', false)], meta);
      expect((await priceModels.activeVersion())?.version).toBe(v1);
      const v2 = await saveActive(storage, [model('market', null, true)], { ...meta, listingsHash: 'h2' });
      expect(v2).toBeGreaterThan(v1);
      expect((await priceModels.activeVersion())?.listingsHash).toBe('h2');
      expect((await priceModels.versions()).map((v) => v.version).slice(0, 2)).toEqual([v2, v1]);
      expect((await priceModels.models(v1)).map((m) => m.kind)).toEqual(['market', 'linear', 'tree']);
      expect((await priceModels.models(v1, null)).map((m) => m.kind)).toEqual(['market']);
      const clio = await priceModels.models(v1, 'renault-clio');
      expect(clio.map((m) => [m.kind, m.chosen])).toEqual([['linear', true], ['tree', false]]);
      expect(clio[0].params).toEqual({ kind: 'linear', nested: { values: [1, 2.5, null], flag: true } });
      await expect(
        storage.transaction(async (tx) => {
          await new PriceModelRepository(tx).insertActive([model('market', null, true)], { ...meta, listingsHash: 'h3' });
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect((await priceModels.activeVersion())?.version).toBe(v2);
      expect((await priceModels.versions()).some((v) => v.listingsHash === 'h3')).toBe(false);
    });

    it('stores, finds and deletes identifications, by age and by count', async () => {
      const repository = new IdentificationRepository(storage);
      for (let day = 1; day <= 6; day++) await repository.insert(identification(`id-${day}`, `2026-06-0${day}T00:00:00.000Z`));
      const stored = await repository.findById('id-3');
      expect(stored).toMatchObject({ uncertain: false, confidence: 0.93, result: { candidates: [{ label: 'clio', confidence: 0.93 }] } });
      expect(await repository.count()).toBe(6);
      expect(await repository.deleteCreatedBefore('2026-06-02T12:00:00.000Z')).toBe(2);
      expect(await repository.keepNewest(2)).toBe(2);
      expect(await repository.findById('id-4')).toBeUndefined();
      expect(await repository.delete('id-6')).toBe(true);
      expect(await repository.delete('id-6')).toBe(false);
      expect(await repository.count()).toBe(1);
      const fresh = await repository.insert({ ...identification('id-now', '2026-06-10T00:00:00.000Z'), createdAt: undefined });
      expect(fresh.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('counts corrections per identification and per client since a time', async () => {
      const reports = new IdentificationReportRepository(storage);
      await new IdentificationRepository(storage).insert(identification('reported', '2026-06-10T00:00:00.000Z'));
      await reports.insert({ id: 'r1', identificationId: 'reported', correctVehicleModelId: 'dacia-logan', comment: null, clientHash: 'c1', createdAt: '2026-06-10T01:00:00.000Z' });
      await reports.insert({ id: 'r2', identificationId: 'reported', correctVehicleModelId: null, comment: 'a Logan', clientHash: 'c1', createdAt: '2026-06-10T03:00:00.000Z' });
      expect(await reports.countForIdentification('reported')).toBe(2);
      expect(await reports.countFromClientSince('c1', '2026-06-10T02:00:00.000Z')).toBe(1);
      expect(await reports.countFromClientSince('c2', '2026-01-01T00:00:00.000Z')).toBe(0);
      expect((await reports.listForIdentification('reported')).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
      const since = await reports.listWithIdentificationsSince('2026-06-10T02:00:00.000Z');
      expect(since.map(({ report, identification }) => [report.id, identification.id, identification.topLabel])).toEqual([['r2', 'reported', 'clio']]);
      expect(since[0].identification.result).toMatchObject({ candidates: [{ label: 'clio' }] });
      expect((await reports.listWithIdentificationsSince('')).map(({ report }) => report.id)).toEqual(['r1', 'r2']);
    });

    it('stores estimates for replay and finds an identification by its image', async () => {
      const replay = new ReplayRepository(storage);
      const request = { make: 'VW', model: 'Golf', year: 2015, mileageKm: 90_000 };
      await replay.insertEstimates([{ id: 'est_old', modelVersion: 1, asOf: '2021', vehicleModelId: 'volkswagen-golf', request, result: { amount: 1 }, createdAt: '2026-01-01T00:00:00.000Z' }]);
      await replay.insertEstimates([{ id: 'est_new', modelVersion: 1, asOf: '2021', vehicleModelId: null, request, result: { amount: 2, nested: { list: [1, null] } } }]);
      expect(await replay.findEstimate('est_new')).toMatchObject({ vehicleModelId: null, request, result: { amount: 2, nested: { list: [1, null] } } });
      expect(await replay.deleteEstimatesBefore('2026-06-01T00:00:00.000Z')).toBe(1);
      expect(await replay.findEstimate('est_old')).toBeUndefined();

      const identifications = new IdentificationRepository(storage);
      await identifications.insert({ ...identification('img-a', '2026-07-01T00:00:00.000Z'), imageSha256: 'same' });
      await identifications.insert({ ...identification('img-b', '2026-07-02T00:00:00.000Z'), imageSha256: 'same' });
      expect((await replay.latestIdentificationOfImage('same', 'car-classifier', '1', '2026-06-01T00:00:00.000Z'))?.id).toBe('img-b');
      expect(await replay.latestIdentificationOfImage('same', 'car-classifier', '2', '')).toBeUndefined();
      expect(await replay.latestIdentificationOfImage('same', 'car-classifier', '1', '2026-08-01T00:00:00.000Z')).toBeUndefined();
    });

    it('reads the listings of one car model only, for comparables and reference cars', async () => {
      const comparables = new ComparablesRepository(storage);
      const golf = await comparables.ofCarModel('volkswagen-golf');
      const rows = await new ListingRepository(storage).trainingRows();
      expect(golf).toHaveLength(rows.filter((r) => r.vehicleModelId === 'volkswagen-golf').length);
      expect(golf.map((l) => l.id)).toEqual([...golf.map((l) => l.id)].sort((a, b) => a - b));
      expect(golf[0]).toMatchObject({ year: expect.any(Number), mileageKm: expect.any(Number), priceEur: expect.any(Number) });
      const references = await comparables.referenceListings();
      expect(references).toHaveLength(rows.length);
      expect(references.find((r) => r.carModel === 'volkswagen-golf')?.make).toBe('Volkswagen');
    });

    it('runs work under a named lock one caller at a time', async () => {
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = storage.withLock('contract', async () => {
        order.push('first in');
        entered();
        await held;
        order.push('first out');
      });
      // Ask for the lock only once the first caller holds it (on PostgreSQL each caller connects on its own, so
      // whoever asks first is not who gets it first). That the second then waits, not merely comes later, is
      // shown on PostgreSQL's own lock table in test/db/postgres.test.ts.
      await inside;
      const second = storage.withLock('contract', async () => {
        order.push('second in');
      });
      await new Promise((resolve) => setImmediate(resolve));
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['first in', 'first out', 'second in']);
    });
  });
});
