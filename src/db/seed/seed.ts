/**
 * First-start data: the catalog, loaded in one transaction and only into an
 * empty table, so a restart never duplicates rows and a failure leaves
 * nothing half-written. (The market listings are loaded by jobs/startup.ts.)
 */
import type { DatabaseHandle } from '../client.js';
import { vehicleAliases, vehicleModels } from '../tables.js';
import { VehicleRepository } from '../repositories/vehicles.js';
import { buildCatalog } from './catalog.js';

export interface SeedReport {
  vehicleModels: number;
}

export function seedDatabase(handle: DatabaseHandle, seedDir: string): SeedReport {
  const { db } = handle;
  const report: SeedReport = { vehicleModels: 0 };
  const vehicles = new VehicleRepository(db);

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

  return report;
}
