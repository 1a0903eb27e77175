/** Used-car listings: the price training rows. */
import { asc, count, eq } from 'drizzle-orm';
import type { Scope } from '../storage.js';
import type { ListingRow, NewListingRow } from '../tables.js';

export type TrainingRow = Pick<
  ListingRow,
  'vehicleModelId' | 'modelYear' | 'mileageKm' | 'fuel' | 'transmission' | 'powerHp' | 'newPriceEur' | 'priceEur' | 'rowHash' | 'dataset'
> & {
  /** The catalog make of the vehicle (canonical spelling). */
  make: string;
};

export class ListingRepository {
  constructor(private readonly scope: Scope) {}

  /** Every row, in row-hash order, so that training never depends on insertion order. */
  async trainingRows(): Promise<TrainingRow[]> {
    const { db, tables } = this.scope;
    const { listings, vehicleModels } = tables;
    return db
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
      .orderBy(asc(listings.rowHash));
  }

  /** Row hashes already stored: an import inserts only the others. */
  async rowHashes(): Promise<Set<string>> {
    const { db, tables } = this.scope;
    const rows = await db.select({ hash: tables.listings.rowHash }).from(tables.listings);
    return new Set(rows.map((row) => row.hash));
  }

  /** Vehicles that have at least one listing. */
  async vehicleModelIds(): Promise<Set<string>> {
    const { db, tables } = this.scope;
    const rows = await db.selectDistinct({ id: tables.listings.vehicleModelId }).from(tables.listings);
    return new Set(rows.map((row) => row.id));
  }

  /** Inserts the rows whose hash is not stored yet (in the caller's transaction, if any); returns how many were new. */
  insertNew(rows: readonly NewListingRow[]): Promise<number> {
    return this.scope.bulkInsert('listings', rows, { ignoreConflicts: true });
  }

  async count(): Promise<number> {
    const { db, tables } = this.scope;
    const [row] = await db.select({ n: count() }).from(tables.listings);
    return row?.n ?? 0;
  }
}
