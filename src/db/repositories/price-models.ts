/**
 * Stored price models. A training run is written as a new version in one
 * transaction and only then made active, so a crash mid-way leaves the
 * previous active version in place.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { priceModels, priceModelVersions, type PriceModelRow, type PriceModelVersionRow } from '../tables.js';

export interface StoredModelInput {
  kind: string;
  vehicleModelId: string | null;
  chosen: boolean;
  features: string[];
  /** The whole serialized model (coefficients or tree, metrics, interval). */
  params: unknown;
  trainingRows: number;
  mae: number | null;
  mape: number | null;
  rmse: number | null;
  coverage: number | null;
}

export class PriceModelRepository {
  constructor(private readonly db: Db) {}

  activeVersion(): PriceModelVersionRow | undefined {
    return this.db.select().from(priceModelVersions).where(eq(priceModelVersions.active, true)).get();
  }

  version(version: number): PriceModelVersionRow | undefined {
    return this.db.select().from(priceModelVersions).where(eq(priceModelVersions.version, version)).get();
  }

  versions(): PriceModelVersionRow[] {
    return this.db.select().from(priceModelVersions).orderBy(desc(priceModelVersions.version)).all();
  }

  models(version: number, vehicleModelId?: string | null): PriceModelRow[] {
    const byVehicle =
      vehicleModelId === undefined
        ? undefined
        : vehicleModelId === null
          ? isNull(priceModels.vehicleModelId)
          : eq(priceModels.vehicleModelId, vehicleModelId);
    return this.db
      .select()
      .from(priceModels)
      .where(and(eq(priceModels.version, version), byVehicle))
      .orderBy(asc(priceModels.id))
      .all();
  }

  /**
   * Writes a new version with its models and makes it the active one,
   * atomically (a savepoint when the caller already holds a transaction,
   * e.g. an import that inserts its listings in the same one).
   */
  saveActive(models: StoredModelInput[], version: { listingsCount: number; listingsHash: string; trainer: string; summary: unknown }): number {
    return this.db.transaction((tx) => {
      const { version: id } = tx
        .insert(priceModelVersions)
        .values({ active: false, ...version })
        .returning({ version: priceModelVersions.version })
        .get();
      for (const model of models) tx.insert(priceModels).values({ ...model, version: id }).run();
      tx.update(priceModelVersions).set({ active: false }).where(eq(priceModelVersions.active, true)).run();
      tx.update(priceModelVersions).set({ active: true }).where(eq(priceModelVersions.version, id)).run();
      return id;
    });
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(priceModels).get()!.n;
  }
}
