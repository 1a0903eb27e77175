/** Used-car listings: the price training rows. */
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { listings, type NewListingRow } from '../tables.js';

export type TrainingRow = Pick<
  typeof listings.$inferSelect,
  'id' | 'vehicleModelId' | 'modelYear' | 'mileageKm' | 'fuel' | 'transmission' | 'powerHp' | 'newPriceEur' | 'priceEur'
>;

export class ListingRepository {
  constructor(private readonly db: Db) {}

  /** Every row in id order, so that training sees them in a stable order. */
  trainingRows(): TrainingRow[] {
    return this.db
      .select({
        id: listings.id,
        vehicleModelId: listings.vehicleModelId,
        modelYear: listings.modelYear,
        mileageKm: listings.mileageKm,
        fuel: listings.fuel,
        transmission: listings.transmission,
        powerHp: listings.powerHp,
        newPriceEur: listings.newPriceEur,
        priceEur: listings.priceEur,
      })
      .from(listings)
      .orderBy(asc(listings.id))
      .all();
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

  /** Inserts all rows or none. */
  insertAll(rows: NewListingRow[]): number {
    return this.db.transaction((tx) => {
      for (const row of rows) tx.insert(listings).values(row).run();
      return rows.length;
    });
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(listings).get()!.n;
  }
}
