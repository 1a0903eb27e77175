/** Market listings read for explanations and comparables. */
import { asc, eq } from 'drizzle-orm';
import type { Scope } from '../storage.js';

export class ComparablesRepository {
  constructor(private readonly scope: Scope) {}

  private carColumns() {
    const { listings } = this.scope.tables;
    return {
      year: listings.modelYear,
      mileageKm: listings.mileageKm,
      fuel: listings.fuel,
      transmission: listings.transmission,
      powerHp: listings.powerHp,
    };
  }

  /** Every listing's car and its car model and catalog make: the reference cars of explanations are taken from them. */
  async referenceListings() {
    const { db, tables } = this.scope;
    const { listings, vehicleModels } = tables;
    return db
      .select({ carModel: listings.vehicleModelId, make: vehicleModels.make, ...this.carColumns() })
      .from(listings)
      .innerJoin(vehicleModels, eq(vehicleModels.id, listings.vehicleModelId));
  }

  /** The listings of one car model, in id order. */
  async ofCarModel(vehicleModelId: string) {
    const { db, tables } = this.scope;
    const { listings } = tables;
    return db
      .select({ id: listings.id, variant: listings.variant, priceEur: listings.priceEur, newPriceEur: listings.newPriceEur, ...this.carColumns() })
      .from(listings)
      .where(eq(listings.vehicleModelId, vehicleModelId))
      .orderBy(asc(listings.id));
  }
}

export type ComparableListing = Awaited<ReturnType<ComparablesRepository['ofCarModel']>>[number];
