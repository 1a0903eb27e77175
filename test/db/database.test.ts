import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { seedDatabase } from '../../src/db/seed/seed.js';
import { VehicleRepository } from '../../src/db/repositories/vehicles.js';
import { loadConfig } from '../../src/config.js';
import { tempDir } from '../helpers/service.js';

const { migrationsDir, seedDir } = loadConfig({});
const handles: DatabaseHandle[] = [];
const open = (file: string) => {
  const handle = openDatabase(file, migrationsDir);
  handles.push(handle);
  return handle;
};
afterEach(() => handles.splice(0).forEach((handle) => handle.close()));

describe('database', () => {
  it('applies the committed migrations to a fresh file, in WAL mode', () => {
    const handle = open(path.join(tempDir(), 'fresh.sqlite'));
    const tables = handle.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining(['identifications', 'listings', 'price_model_versions', 'price_models', 'vehicle_aliases', 'vehicle_models']),
    );
    expect(handle.appliedMigrations()).toBeGreaterThanOrEqual(1);
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('loads the catalog and the 119 listings once, and not again on restart', () => {
    const file = path.join(tempDir(), 'seeded.sqlite');
    const first = open(file);
    expect(seedDatabase(first, seedDir)).toEqual({ vehicleModels: 90, listings: 119 });
    first.close();
    const again = open(file);
    expect(seedDatabase(again, seedDir)).toEqual({ vehicleModels: 0, listings: 0 });
    expect(new VehicleRepository(again.db).count()).toBe(90);
  });

  it('links the listings to their car models and keeps unknown characteristics null', () => {
    const handle = open(path.join(tempDir(), 'catalog.sqlite'));
    seedDatabase(handle, seedDir);
    const vehicles = new VehicleRepository(handle.db);
    const a6 = vehicles.findBySourceLabel('AUDI_A6_2018Present')!;
    expect(a6).toMatchObject({ make: 'Audi', model: 'A6', yearFrom: 2018, inProduction: true, newPriceEur: 72000 });
    const counts = vehicles.listingsCount(['audi-a6-2018-present', 'renault-clio']);
    expect(counts.get('audi-a6-2018-present')).toBeGreaterThan(10);
    expect(counts.get('renault-clio')).toBeUndefined();
    const clio = vehicles.findBySourceLabel('clio')!;
    expect(clio).toMatchObject({ make: 'Renault', model: 'Clio', yearFrom: null, newPriceEur: null, bodyStyle: null, powerHpMin: null });
  });

  it('finds car models by French or English names, any case or accent', () => {
    const handle = open(path.join(tempDir(), 'names.sqlite'));
    seedDatabase(handle, seedDir);
    const vehicles = new VehicleRepository(handle.db);
    const ids = (make: string, model: string) => vehicles.findByName(make, model).map((v) => v.id);
    expect(ids('Mercedes', 'Classe E')).toContain('mercedes-benz-e-class-w212-2013-2016');
    expect(ids('MERCEDES-BENZ', 'e-class')).toContain('mercedes-benz-e-class-w212-2013-2016');
    expect(ids('bmw', 'Série 3')).toContain('bmw-3-series-e90-2008-2011');
    expect(ids('Toyota', 'rav 4')).toEqual(['toyota-rav4-2018-present']);
    expect(ids('Toyota', 'Supra')).toEqual([]);
  });
});
