/** Market listings read for explanations and comparables (async, dialect-neutral drizzle). */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { listings, vehicleModels } from '../tables.js';

const carColumns = {
  year: listings.modelYear,
  mileageKm: listings.mileageKm,
  fuel: listings.fuel,
  transmission: listings.transmission,
  powerHp: listings.powerHp,
};

export class ComparablesRepository {
  constructor(private readonly db: Db) {}

  /** Every listing's car and its car model and catalog make: the reference cars of explanations are taken from them. */
  async referenceListings() {
    return await this.db
      .select({ carModel: listings.vehicleModelId, make: vehicleModels.make, ...carColumns })
      .from(listings)
      .innerJoin(vehicleModels, eq(vehicleModels.id, listings.vehicleModelId));
  }

  /** The listings of one car model, in id order. */
  async ofCarModel(vehicleModelId: string) {
    return await this.db
      .select({ id: listings.id, variant: listings.variant, priceEur: listings.priceEur, newPriceEur: listings.newPriceEur, ...carColumns })
      .from(listings)
      .where(eq(listings.vehicleModelId, vehicleModelId))
      .orderBy(asc(listings.id));
  }
}

export type ComparableListing = Awaited<ReturnType<ComparablesRepository['ofCarModel']>>[number];
