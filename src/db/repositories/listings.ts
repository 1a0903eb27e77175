/** Used-car listings: the price training rows. */
import { asc, eq, sql } from 'drizzle-orm';
import { bulkInsert } from '../bulk-insert.js';
import type { Db } from '../client.js';
import { listings, vehicleModels, type NewListingRow } from '../tables.js';

export type TrainingRow = Pick<
  typeof listings.$inferSelect,
  'vehicleModelId' | 'modelYear' | 'mileageKm' | 'fuel' | 'transmission' | 'powerHp' | 'newPriceEur' | 'priceEur' | 'rowHash' | 'dataset'
> & {
  /** The catalog make of the car model (canonical spelling). */
  make: string;
};

export class ListingRepository {
  constructor(private readonly db: Db) {}

  /** Every row, in row-hash order, so that training never depends on insertion order. */
  trainingRows(): TrainingRow[] {
    return this.db
      .select({
        vehicleModelId: listings.vehicleModelId,
        make: vehicleModels.make,
        modelYear: listings.modelYear,
        mileageKm: listings.mileageKm,
        fuel: listings.fuel,
        transmission: listings.transmission,
        powerHp: listings.powerHp,
        newPriceEur: listings.newPriceEur,
        priceEur: listings.priceEur,
        rowHash: listings.rowHash,
        dataset: listings.dataset,
      })
      .from(listings)
      .innerJoin(vehicleModels, eq(vehicleModels.id, listings.vehicleModelId))
      .orderBy(asc(listings.rowHash))
      .all();
  }

  /** Row hashes already stored: an import inserts only the others. */
  rowHashes(): Set<string> {
    return new Set(
      this.db
        .select({ hash: listings.rowHash })
        .from(listings)
        .all()
        .map((row) => row.hash),
    );
  }

  /** Car models that have at least one listing. */
  vehicleModelIds(): Set<string> {
    return new Set(
      this.db
        .selectDistinct({ id: listings.vehicleModelId })
        .from(listings)
        .all()
        .map((row) => row.id),
    );
  }

  /** Inserts the rows whose hash is not stored yet (in the caller's transaction, if any); returns how many were new. */
  insertNew(rows: readonly NewListingRow[]): number {
    return bulkInsert(this.db.$client, listings, rows, { ignoreConflicts: true });
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(listings).get()!.n;
  }
}
