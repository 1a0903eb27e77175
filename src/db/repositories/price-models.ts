/**
 * Stored price models. A training run is written as a new version in one
 * transaction and only then made active, so a crash mid-way leaves the
 * previous active version in place.
 */
import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import type { Scope } from '../storage.js';
import type { PriceModelRow, PriceModelVersionRow } from '../tables.js';

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

export interface NewVersion {
  listingsCount: number;
  listingsHash: string;
  trainer: string;
  summary: unknown;
}

export class PriceModelRepository {
  constructor(private readonly scope: Scope) {}

  /** The active version: one indexed read (replicas poll it to pick up new versions). */
  async activeVersion(): Promise<PriceModelVersionRow | undefined> {
    const { db, tables } = this.scope;
    const [row] = await db.select().from(tables.priceModelVersions).where(eq(tables.priceModelVersions.active, true));
    return row;
  }

  async version(version: number): Promise<PriceModelVersionRow | undefined> {
    const { db, tables } = this.scope;
    const [row] = await db.select().from(tables.priceModelVersions).where(eq(tables.priceModelVersions.version, version));
    return row;
  }

  async versions(): Promise<PriceModelVersionRow[]> {
    const { db, tables } = this.scope;
    return db.select().from(tables.priceModelVersions).orderBy(desc(tables.priceModelVersions.version));
  }

  async models(version: number, vehicleModelId?: string | null): Promise<PriceModelRow[]> {
    const { db, tables } = this.scope;
    const t = tables.priceModels;
    const byVehicle = vehicleModelId === undefined ? undefined : vehicleModelId === null ? isNull(t.vehicleModelId) : eq(t.vehicleModelId, vehicleModelId);
    return db
      .select()
      .from(t)
      .where(and(eq(t.version, version), byVehicle))
      .orderBy(asc(t.id));
  }

  /**
   * Writes a new version with its models and makes it the active one. Call it
   * inside a transaction (`storage.transaction`), as an import does with its
   * listings in the same one.
   */
  async insertActive(models: StoredModelInput[], version: NewVersion): Promise<number> {
    const { db, tables } = this.scope;
    const { priceModelVersions, priceModels } = tables;
    const [{ version: id }] = await db
      .insert(priceModelVersions)
      .values({ active: false, ...version })
      .returning({ version: priceModelVersions.version });
    for (const model of models) await db.insert(priceModels).values({ ...model, version: id });
    await db.update(priceModelVersions).set({ active: false }).where(eq(priceModelVersions.active, true));
    await db.update(priceModelVersions).set({ active: true }).where(eq(priceModelVersions.version, id));
    return id;
  }

  async count(): Promise<number> {
    const { db, tables } = this.scope;
    const [row] = await db.select({ n: count() }).from(tables.priceModels);
    return row?.n ?? 0;
  }
}
