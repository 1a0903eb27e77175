/**
 * First-start data: the catalog and the shipped listings. Each part is loaded
 * in one transaction and only into an empty table, so a restart never
 * duplicates rows and a failure leaves nothing half-written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '../client.js';
import { bulkInsert } from '../bulk-insert.js';
import {
  vehicleAliases,
  vehicleEngines,
  vehicleGenerations,
  vehicleLabels,
  vehicleModels,
  type NewListingRow,
  type NewVehicleEngineRow,
  type NewVehicleGenerationRow,
} from '../tables.js';
import { VehicleRepository } from '../repositories/vehicles.js';
import { ListingRepository } from '../repositories/listings.js';
import { parseListingsCsv } from '../../listings/parse-listings.js';
import { buildCatalog, readCatalogSources, readSpecsCatalog, type CatalogEntry } from './catalog.js';

export interface SeedReport {
  vehicleModels: number;
  listings: number;
}

export function seedDatabase(handle: DatabaseHandle, seedDir: string): SeedReport {
  const { db } = handle;
  const report: SeedReport = { vehicleModels: 0, listings: 0 };
  const vehicles = new VehicleRepository(db);
  const listings = new ListingRepository(db);

  if (vehicles.count() === 0) {
    const catalog = buildCatalog(seedDir);
    const rows = catalogRows(catalog, readSpecsCatalog(seedDir).source);
    handle.inTransaction(() => {
      bulkInsert(handle.sqlite, vehicleModels, rows.vehicles);
      bulkInsert(handle.sqlite, vehicleAliases, rows.aliases);
      bulkInsert(handle.sqlite, vehicleLabels, rows.labels);
      bulkInsert(handle.sqlite, vehicleGenerations, rows.generations);
      bulkInsert(handle.sqlite, vehicleEngines, rows.engines);
    });
    report.vehicleModels = catalog.length;
  }

  if (listings.count() === 0) report.listings = listings.insertAll(shippedListings(seedDir, vehicles));
  return report;
}

/** The catalog as table rows; generation ids are given here so that engines can name theirs. */
function catalogRows(catalog: CatalogEntry[], source: string) {
  const generations: NewVehicleGenerationRow[] = [];
  const engines: NewVehicleEngineRow[] = [];
  for (const { row, generations: own } of catalog) {
    for (const { engines: options, ...generation } of own) {
      const id = generations.length + 1;
      generations.push({ ...generation, id, vehicleModelId: row.id, source });
      engines.push(...options.map((engine) => ({ ...engine, generationId: id })));
    }
  }
  return {
    vehicles: catalog.map((entry) => entry.row),
    aliases: catalog.flatMap(({ row, aliases }) => aliases.map((alias) => ({ vehicleModelId: row.id, ...alias }))),
    labels: catalog.flatMap((entry) => entry.labels),
    generations,
    engines,
  };
}

function shippedListings(seedDir: string, vehicles: VehicleRepository): NewListingRow[] {
  const sources = readCatalogSources(seedDir);
  return Object.entries(sources.listings).flatMap(([file, label]) => {
    const vehicle = vehicles.findBySourceLabel(label);
    if (!vehicle) throw new Error(`catalog-sources.json: listings file ${file} names unknown class ${label}`);
    const vehicleModelId = vehicle.id;
    const text = fs.readFileSync(path.join(seedDir, 'prices', file), 'utf8');
    return parseListingsCsv(text).map(({ line, ...listing }) => ({
      ...listing,
      vehicleModelId,
      source: `${file}:${line}`,
    }));
  });
}
