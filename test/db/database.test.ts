import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteStorage } from '../../src/db/client.js';
import { seedCatalog } from '../../src/bootstrap/seed-catalog.js';
import { VehicleService } from '../../src/services/vehicles/vehicle-service.js';
import { VehicleRepository } from '../../src/db/repositories/vehicles.js';
import { ListingRepository } from '../../src/db/repositories/listings.js';
import { SEED_LISTINGS, seedListings } from '../../src/bootstrap/pricing.js';
import { loadConfig } from '../../src/config.js';
import { tempDir } from '../helpers/service.js';

const { storage: { migrationsDir }, seedDir } = loadConfig({});
/** One vehicle per car model of the market file, plus the class ids' and photo classes' models it lacks. */
const CATALOG_SIZE = 642;
const handles: SqliteStorage[] = [];
const open = (file: string) => {
  const handle = openSqlite(file, migrationsDir);
  handles.push(handle);
  return handle;
};
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
});

describe('database', () => {
  it('applies the committed migrations to a fresh file, in WAL mode', async () => {
    const handle = open(path.join(tempDir(), 'fresh.sqlite'));
    const tables = handle.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'identifications',
        'listings',
        'price_model_versions',
        'price_models',
        'vehicle_aliases',
        'vehicle_engines',
        'vehicle_generations',
        'vehicle_labels',
        'vehicle_models',
      ]),
    );
    expect(await handle.appliedMigrations()).toBeGreaterThanOrEqual(1);
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('loads the catalog and the market listings once, and not again on restart', async () => {
    const file = path.join(tempDir(), 'seeded.sqlite');
    const first = open(file);
    expect(await seedCatalog(first, seedDir)).toEqual({ vehicleModels: CATALOG_SIZE });
    const listings = await seedListings(first, path.join(seedDir, SEED_LISTINGS));
    expect(listings).toMatchObject({ source: 'autoscout24-de', read: 38_816, kept: 36_698 });
    await first.close();
    const again = open(file);
    expect(await seedCatalog(again, seedDir)).toEqual({ vehicleModels: 0 });
    expect(await seedListings(again, path.join(seedDir, SEED_LISTINGS))).toBeNull();
    expect(await new VehicleRepository(again).count()).toBe(CATALOG_SIZE);
    expect(await new ListingRepository(again).count()).toBe(36_698);
  });

  it('links the market listings to their car models and keeps unknown characteristics null', async () => {
    const handle = open(process.env.CARVALUE_TEMPLATE_DB!);
    const vehicles = new VehicleRepository(handle);
    const a6 = (await vehicles.findByLabel('AUDI_A6_2018Present'))!;
    expect(a6).toMatchObject({ id: 'audi-a6', make: 'Audi', model: 'A6', inProduction: true, newPriceEur: 72000, newPriceSource: 'listings (A6.csv)' });
    // Every photo class has market listings, except the Renault Symbol the market file lacks.
    const counts = await vehicles.listingsCount(['audi-a6', 'bmw-1-series', 'bmw-3-series', 'volkswagen-golf', 'renault-clio', 'renault-symbol']);
    expect([...counts.keys()].sort()).toEqual(['audi-a6', 'bmw-1-series', 'bmw-3-series', 'renault-clio', 'volkswagen-golf']);
    expect(counts.get('volkswagen-golf')).toBeGreaterThan(1000);
    const clio = (await vehicles.findByLabel('clio'))!;
    // No source gives the Clio a new price, a US trim or a body style for the whole model.
    expect(clio).toMatchObject({ id: 'renault-clio', make: 'Renault', model: 'Clio', newPriceEur: null, bodyStyle: null, powerHpMin: null, specsSource: null });
    expect(clio.yearFrom).toBe(1990);
  });

  it('finds car models by French or English names, any case or accent', async () => {
    const handle = open(path.join(tempDir(), 'names.sqlite'));
    await seedCatalog(handle, seedDir);
    const vehicles = new VehicleService(new VehicleRepository(handle));
    const ids = async (make: string, model: string) => (await vehicles.findByName(make, model)).map((v) => v.id);
    expect(await ids('Mercedes', 'Classe E')).toEqual(['mercedes-benz-e-class']);
    expect(await ids('MERCEDES-BENZ', 'e-class')).toEqual(['mercedes-benz-e-class']);
    expect(await ids('bmw', 'Série 3')).toEqual(['bmw-3-series']);
    expect(await ids('Toyota', 'rav 4')).toEqual(['toyota-rav4']);
    expect(await ids('Toyota', 'Supra')).toEqual(['toyota-supra']);
    expect(await ids('Toyota', 'Century')).toEqual([]);
  });
});
