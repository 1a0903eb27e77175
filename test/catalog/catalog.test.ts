import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveMarketName } from '../../src/catalog/market-names.js';
import { loadConfig } from '../../src/config.js';
import { openSqlite, type SqliteStorage } from '../../src/db/client.js';
import { VehicleService } from '../../src/services/vehicles/vehicle-service.js';
import { VehicleRepository } from '../../src/db/repositories/vehicles.js';
import { buildCatalog, readCatalogSources, readSpecsCatalog, type CatalogEntry } from '../../src/bootstrap/catalog.js';
import { slugify } from '../../src/catalog/names.js';
import { seedCatalog } from '../../src/bootstrap/seed-catalog.js';
import { tempDir } from '../helpers/service.js';

const { storage: { migrationsDir }, seedDir } = loadConfig({});
const classIds = JSON.parse(fs.readFileSync(path.join(seedDir, 'seed-classes.json'), 'utf8')) as string[];
const photoClasses = Object.keys(readCatalogSources(seedDir).photoClasses);

let catalog: CatalogEntry[];
let handle: SqliteStorage;
let vehicles: VehicleRepository;
let names: VehicleService;
let seedMs: number;
beforeAll(async () => {
  catalog = buildCatalog(seedDir);
  handle = openSqlite(path.join(tempDir(), 'catalog.sqlite'), migrationsDir);
  const started = performance.now();
  await seedCatalog(handle, seedDir);
  seedMs = performance.now() - started;
  vehicles = new VehicleRepository(handle);
  names = new VehicleService(vehicles);
});
afterAll(() => handle.close());

const byId = (id: string) => catalog.find((entry) => entry.row.id === id)!;

describe('catalog', () => {
  it('has one vehicle per car model: ids are unique make/model slugs', async () => {
    const ids = catalog.map((entry) => entry.row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['volkswagen-golf', 'bmw-3-series', 'mercedes-benz-e-class', 'renault-clio']));
    expect(ids.filter((id) => id.startsWith('bmw-1-series') || id.startsWith('bmw-118'))).toEqual(['bmw-1-series']);
  });

  it('has a vehicle for the id of every market row: slugify(resolveMarketName(make, model)), the id listings are imported under', async () => {
    const ids = new Set(catalog.map((entry) => entry.row.id));
    const [header, ...lines] = fs.readFileSync(path.join(seedDir, 'market', 'autoscout24-de.csv'), 'utf8').trim().split('\n');
    const [makeAt, modelAt] = [header.split(',').indexOf('make'), header.split(',').indexOf('model')];
    const missing = new Set<string>();
    for (const line of lines) {
      const fields = line.split(',');
      const name = resolveMarketName(fields[makeAt], fields[modelAt]);
      if (name && !ids.has(slugify(name.make, name.model))) missing.add(`${fields[makeAt]} ${fields[modelAt]}`);
    }
    expect([...missing]).toEqual([]);
  });

  it('maps each of the 70 class ids and 20 photo classes to exactly one vehicle', async () => {
    expect(classIds).toHaveLength(70);
    expect(photoClasses).toHaveLength(20);
    const labels = catalog.flatMap((entry) => entry.labels.map((label) => label.label));
    expect(labels.sort()).toEqual([...classIds, ...photoClasses].sort());
    for (const label of [...classIds, ...photoClasses]) expect((await vehicles.findByLabel(label)), label).toBeDefined();
  });

  it('gives a BMW 1 Series photo the same vehicle as the market "BMW 118" listings', async () => {
    const photo = (await vehicles.findByLabel('bmw_serie_1'))!;
    expect(photo.id).toBe('bmw-1-series');
    expect((await names.findByName('BMW', '118')).map((v) => v.id)).toEqual([photo.id]);
    for (const label of ['BMW_1_Series_F20_20112015', 'BMW_1_Series_LCI_F20_20152017', 'BMW_1_Series_3_doors_LCI_F21_20152017']) {
      expect((await vehicles.findByLabel(label))!.id).toBe(photo.id);
    }
    // The class id keeps its own generation and years as a hint.
    expect(byId('bmw-1-series').labels.find((l) => l.label === 'BMW_1_Series_LCI_F20_20152017')).toMatchObject({
      origin: 'seed-classes',
      generation: 'LCI F20',
      yearFrom: 2015,
      yearTo: 2017,
    });
  });

  it('maps every photo class onto a market car model, except Renault Symbol which has a vehicle of its own', async () => {
    const photoVehicles = await Promise.all(photoClasses.map((label) => vehicles.findByLabel(label)));
    const withoutMarket = photoClasses.filter((_label, i) => !byId(photoVehicles[i]!.id).row.origins.includes('market'));
    expect(withoutMarket).toEqual(['symbol']);
    const symbol = byId('renault-symbol');
    expect(symbol.row).toMatchObject({ make: 'Renault', model: 'Symbol', origins: 'photo-classes' });
    expect((await vehicles.listingsCount(['renault-symbol'])).get('renault-symbol')).toBeUndefined();
  });

  it.each([
    ['Mercedes', 'Classe E', 'mercedes-benz-e-class'],
    ['Mercedes', 'E 220', 'mercedes-benz-e-class'],
    ['mercedes-benz', 'E220d', 'mercedes-benz-e-class'],
    ['BMW', 'Série 3', 'bmw-3-series'],
    ['BMW', '320', 'bmw-3-series'],
    ['BMW', 'M3', 'bmw-3-series'],
    ['VW', 'Golf', 'volkswagen-golf'],
    ['Citroen', 'Nemo', 'citroen-nemo'],
    ['Citroën', 'DS 3', 'citroen-ds3'],
    ['Alfa', 'Romeo Giulia', 'alfa-romeo-giulia'],
    ['Skoda', 'Rapid/Spaceback', 'skoda-rapid'],
    ['Renault', 'Mégane', 'renault-megane'],
  ])('finds %s %s', async (make, model, id) => {
    expect((await names.findByName(make, model)).map((v) => v.id)).toEqual([id]);
  });

  it("keeps the study listing files' new prices on the market vehicles of their car models", async () => {
    expect(byId('bmw-3-series').row).toMatchObject({ newPriceEur: 45000, newPriceSource: 'listings (Serie_3.csv)' });
    expect(byId('volkswagen-golf').row).toMatchObject({ newPriceEur: null, newPriceSource: null });
  });

  it('describes generations from autoevolution with their source; production years are their span', async () => {
    const golf = (await vehicles.generations(['volkswagen-golf'])).get('volkswagen-golf')!;
    const seven = golf.find((g) => g.name === 'Golf VII 5 Doors' && g.yearFrom === 2012)!;
    expect(seven).toMatchObject({ yearTo: 2017, inProduction: false, bodyStyle: '5 doors', source: 'autoevolution.com, 2020-01-27' });
    expect(seven.lengthMm).toBeGreaterThan(4000);
    expect(seven.lengthMm).toBeLessThan(4400);
    expect(seven.engines.length).toBeGreaterThan(3);
    for (const engine of seven.engines) {
      expect(engine.powerHp).toBeGreaterThan(50);
      expect(['PETROL', 'DIESEL', 'HYBRID', 'ELECTRIC', 'CNG', null]).toContain(engine.fuel);
    }
    const row = (await vehicles.findById('volkswagen-golf'))!;
    expect(row.yearFrom).toBe(Math.min(...golf.map((g) => g.yearFrom!)));
    expect(row).toMatchObject({ yearTo: null, inProduction: true });
  });

  it('leaves unknown characteristics null instead of inventing them', async () => {
    const symbol = (await vehicles.findById('renault-symbol'))!;
    // autoevolution lists the Symbol as "Clio Symbol/Thalia" until 2013; no US specs, no new price.
    expect(symbol).toMatchObject({ powerHpMin: null, newPriceEur: null, bodyStyle: null, specsSource: null });
    const generations = (await vehicles.generations(['renault-symbol'])).get('renault-symbol')!;
    expect(generations.map((g) => g.name)).toEqual(['Clio Symbol/Thalia', 'Clio Symbol/Thalia', 'Clio Symbol/Thalia']);
    // Generation names that state no body style keep it null.
    expect(generations.every((g) => g.bodyStyle === null)).toBe(true);
    const vans = (await vehicles.findById('mercedes-benz-vito'))!;
    expect(vans).toMatchObject({ yearFrom: null, yearTo: null, inProduction: false });
    expect((await vehicles.generations(['mercedes-benz-vito'])).get('mercedes-benz-vito')).toBeUndefined();
  });

  it('takes body styles for the whole model from the US specs, with the source', async () => {
    const tiguan = byId('volkswagen-tiguan').row;
    expect(tiguan.specsSource).toMatch(/^US specs \(Car Features and MSRP\): Volkswagen Tiguan \d{4}-\d{4}, \d+ trims$/);
    expect(tiguan).toMatchObject({ bodyStyle: '4dr SUV', bodyStyleSource: 'US specs' });
  });

  it('matches every photo class and study model to generations', async () => {
    const photoVehicles = await Promise.all(photoClasses.map((label) => vehicles.findByLabel(label)));
    const ids = [...photoVehicles.map((vehicle) => vehicle!.id), 'audi-a6', 'toyota-rav4', 'mercedes-benz-e-class', 'bmw-3-series'];
    const generations = (await vehicles.generations(ids));
    for (const id of ids) expect(generations.get(id)?.length ?? 0, id).toBeGreaterThan(0);
  });

  it('has no generations for a vehicle the catalog lacks (the committed specs file is in step with the names)', async () => {
    const ids = new Set(catalog.map((entry) => entry.row.id));
    const specs = readSpecsCatalog(seedDir);
    expect(specs.source).toBe('autoevolution.com, 2020-01-27');
    expect(Object.keys(specs.generations).filter((id) => !ids.has(id))).toEqual([]);
    expect(catalog.filter((entry) => entry.generations.length > 0)).toHaveLength(526);
  });

  it('loads the whole catalog at first start in one short transaction', async () => {
    expect((await vehicles.count())).toBe(catalog.length);
    // Measured about 1-2 s on the 2-core build machine under load; the bound catches per-row query building (7 s).
    expect(seedMs).toBeLessThan(6_000);
  });
});
