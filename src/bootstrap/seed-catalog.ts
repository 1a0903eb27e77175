/**
 * First-start data: the catalog, loaded in one transaction and only into an
 * empty table, so a restart never duplicates rows and a failure leaves
 * nothing half-written. (The market listings are loaded by bootstrap/pricing.ts.)
 */
import type { Storage } from '../db/storage.js';
import type { NewVehicleEngineRow, NewVehicleGenerationRow } from '../db/tables.js';
import { VehicleRepository } from '../db/repositories/vehicles.js';
import { buildCatalog, readSpecsCatalog, type CatalogEntry } from './catalog.js';

export interface SeedReport {
  vehicleModels: number;
}

/** Call it under the bootstrap lock (bootstrap/index.ts): two replicas starting together seed once. */
export async function seedCatalog(storage: Storage, seedDir: string): Promise<SeedReport> {
  const report: SeedReport = { vehicleModels: 0 };
  if ((await new VehicleRepository(storage).count()) === 0) {
    const catalog = buildCatalog(seedDir);
    const rows = catalogRows(catalog, readSpecsCatalog(seedDir).source);
    await storage.transaction(async (tx) => {
      await tx.bulkInsert('vehicleModels', rows.vehicles);
      await tx.bulkInsert('vehicleAliases', rows.aliases);
      await tx.bulkInsert('vehicleLabels', rows.labels);
      await tx.bulkInsert('vehicleGenerations', rows.generations);
      await tx.bulkInsert('vehicleEngines', rows.engines);
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
