/**
 * First-start data: the catalog and the shipped listings. Each part is loaded
 * in one transaction and only into an empty table, so a restart never
 * duplicates rows and a failure leaves nothing half-written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '../client.js';
import { vehicleAliases, vehicleModels, type NewListingRow } from '../tables.js';
import { VehicleRepository } from '../repositories/vehicles.js';
import { ListingRepository } from '../repositories/listings.js';
import { parseListingsCsv } from '../../listings/parse-listings.js';
import { buildCatalog, readCatalogSources } from './catalog.js';

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
    db.transaction((tx) => {
      for (const { row, aliases } of catalog) {
        tx.insert(vehicleModels).values(row).run();
        for (const alias of aliases) tx.insert(vehicleAliases).values({ vehicleModelId: row.id, ...alias }).run();
      }
    });
    report.vehicleModels = catalog.length;
  }

  if (listings.count() === 0) report.listings = listings.insertAll(shippedListings(seedDir, vehicles));
  return report;
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
