/**
 * First-start data: the catalog, loaded in one transaction and only into an
 * empty table, so a restart never duplicates rows and a failure leaves
 * nothing half-written. (The market listings are loaded by bootstrap/pricing.ts.)
 */
import type { DatabaseHandle } from '../db/client.js';
import { bulkInsert } from '../db/bulk-insert.js';
import {
  vehicleAliases,
  vehicleEngines,
  vehicleGenerations,
  vehicleLabels,
  vehicleModels,
  type NewVehicleEngineRow,
  type NewVehicleGenerationRow,
} from '../db/tables.js';
import { VehicleRepository } from '../db/repositories/vehicles.js';
import { buildCatalog, readSpecsCatalog, type CatalogEntry } from './catalog.js';

export interface SeedReport {
  vehicleModels: number;
}

export function seedDatabase(handle: DatabaseHandle, seedDir: string): SeedReport {
  const { db } = handle;
  const report: SeedReport = { vehicleModels: 0 };
  const vehicles = new VehicleRepository(db);

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
