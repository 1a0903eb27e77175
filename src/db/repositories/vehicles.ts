/** The catalog: vehicles, their aliases, labels, generations and engine options. */
import { and, asc, count, desc, eq, gt, inArray, lt, type SQL } from 'drizzle-orm';
import { groupBy } from '../../lib/group-by.js';
import type { Scope } from '../storage.js';
import type { VehicleEngineRow, VehicleGenerationRow, VehicleLabelRow, VehicleModelRow } from '../tables.js';

export type GenerationWithEngines = VehicleGenerationRow & { engines: VehicleEngineRow[] };

/** Normalised names (catalog/names.ts `nameKey`), matched against the aliases. */
export interface VehicleFilter {
  makeKey?: string | null;
  modelKey?: string | null;
}

export interface VehiclePageRequest {
  first?: number | null;
  last?: number | null;
  afterId: string | null;
  beforeId: string | null;
}

export interface VehicleRowPage {
  rows: VehicleModelRow[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

export class VehicleRepository {
  constructor(private readonly scope: Scope) {}

  async findById(id: string): Promise<VehicleModelRow | undefined> {
    const { db, tables } = this.scope;
    const [row] = await db.select().from(tables.vehicleModels).where(eq(tables.vehicleModels.id, id));
    return row;
  }

  async findByIds(ids: readonly string[]): Promise<VehicleModelRow[]> {
    if (ids.length === 0) return [];
    const { db, tables } = this.scope;
    return db.select().from(tables.vehicleModels).where(inArray(tables.vehicleModels.id, [...ids]));
  }

  /** The vehicle a label (photo class or class id) of the classifiers maps to. */
  async findByLabel(label: string): Promise<VehicleModelRow | undefined> {
    const { db, tables } = this.scope;
    const { vehicleLabels, vehicleModels } = tables;
    const [row] = await db
      .select({ vehicle: vehicleModels })
      .from(vehicleLabels)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleLabels.vehicleModelId))
      .where(eq(vehicleLabels.label, label));
    return row?.vehicle;
  }

  /** Vehicles one normalised make/model name pair (see catalog/names.ts `nameKey`) refers to, by id. */
  async findByAlias(makeKey: string, modelKey: string): Promise<VehicleModelRow[]> {
    const { db, tables } = this.scope;
    const { vehicleAliases, vehicleModels } = tables;
    const rows = await db
      .selectDistinct({ vehicle: vehicleModels })
      .from(vehicleAliases)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleAliases.vehicleModelId))
      .where(and(eq(vehicleAliases.makeKey, makeKey), eq(vehicleAliases.modelKey, modelKey)))
      .orderBy(asc(vehicleModels.id));
    return rows.map((row) => row.vehicle);
  }

  /** Every alias with its vehicle, by id (a few thousand rows: an import resolves names in memory). */
  async aliases(): Promise<{ makeKey: string; modelKey: string; vehicle: VehicleModelRow }[]> {
    const { db, tables } = this.scope;
    const { vehicleAliases, vehicleModels } = tables;
    return db
      .select({ makeKey: vehicleAliases.makeKey, modelKey: vehicleAliases.modelKey, vehicle: vehicleModels })
      .from(vehicleAliases)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleAliases.vehicleModelId))
      .orderBy(asc(vehicleModels.id), asc(vehicleAliases.id));
  }

  /** The catalog's spelling of a make by its normalised key; null when no alias has it. */
  async makeByKey(makeKey: string): Promise<string | null> {
    const { db, tables } = this.scope;
    const { vehicleAliases, vehicleModels } = tables;
    const [row] = await db
      .select({ make: vehicleModels.make })
      .from(vehicleAliases)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleAliases.vehicleModelId))
      .where(eq(vehicleAliases.makeKey, makeKey))
      .orderBy(asc(vehicleModels.id))
      .limit(1);
    return row?.make ?? null;
  }

  /** Generations with their engine options, oldest first, for each vehicle id (two queries per 500 generations). */
  async generations(ids: readonly string[]): Promise<Map<string, GenerationWithEngines[]>> {
    if (ids.length === 0) return new Map();
    const { db, tables } = this.scope;
    const { vehicleGenerations, vehicleEngines } = tables;
    const generations = await db
      .select()
      .from(vehicleGenerations)
      .where(inArray(vehicleGenerations.vehicleModelId, [...ids]))
      .orderBy(asc(vehicleGenerations.yearFrom), asc(vehicleGenerations.id));
    // Chunked: a page of 100 vehicles can have a few thousand generations, beyond SQLite's parameter limit.
    const engineRows: VehicleEngineRow[] = [];
    for (let i = 0; i < generations.length; i += 500) {
      const chunk = generations.slice(i, i + 500).map((g) => g.id);
      engineRows.push(...(await db.select().from(vehicleEngines).where(inArray(vehicleEngines.generationId, chunk)).orderBy(asc(vehicleEngines.id))));
    }
    const engines = groupBy(engineRows, (engine) => engine.generationId);
    return groupBy(
      generations.map((generation) => ({ ...generation, engines: engines.get(generation.id) ?? [] })),
      (generation) => generation.vehicleModelId,
    );
  }

  /** Labels mapped to each vehicle id. */
  async labels(ids: readonly string[]): Promise<Map<string, VehicleLabelRow[]>> {
    if (ids.length === 0) return new Map();
    const { db, tables } = this.scope;
    const t = tables.vehicleLabels;
    const rows = await db.select().from(t).where(inArray(t.vehicleModelId, [...ids])).orderBy(asc(t.label));
    return groupBy(rows, (row) => row.vehicleModelId);
  }

  /** Keyset pagination on the id (a slug of make and model). */
  async page(filter: VehicleFilter, page: VehiclePageRequest): Promise<VehicleRowPage> {
    const { db, tables } = this.scope;
    const t = tables.vehicleModels;
    const { afterId: after, beforeId: before } = page;
    const where = this.filterCondition(filter);
    const conditions = [where, after ? gt(t.id, after) : undefined, before ? lt(t.id, before) : undefined].filter((c): c is SQL => c !== undefined);
    const backwards = page.last != null && page.first == null;
    const limit = (backwards ? page.last : page.first) ?? 20;
    const fetched = await db
      .select()
      .from(t)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(backwards ? desc(t.id) : asc(t.id))
      .limit(limit + 1);
    const more = fetched.length > limit;
    const rows = fetched.slice(0, limit);
    if (backwards) rows.reverse();
    const [total] = await db.select({ n: count() }).from(t).where(where);
    return {
      rows,
      hasNextPage: backwards ? before !== null : more,
      hasPreviousPage: backwards ? more : after !== null,
      totalCount: total?.n ?? 0,
    };
  }

  async listingsCount(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const { db, tables } = this.scope;
    const t = tables.listings;
    const counts = await db
      .select({ id: t.vehicleModelId, n: count() })
      .from(t)
      .where(inArray(t.vehicleModelId, [...ids]))
      .groupBy(t.vehicleModelId);
    return new Map(counts.map(({ id, n }) => [id, n]));
  }

  async count(): Promise<number> {
    const { db, tables } = this.scope;
    const [row] = await db.select({ n: count() }).from(tables.vehicleModels);
    return row?.n ?? 0;
  }

  private filterCondition(filter: VehicleFilter): SQL | undefined {
    const { vehicleModels, vehicleAliases } = this.scope.tables;
    const conditions: SQL[] = [];
    // Match on the alias keys so that the filter is as forgiving as the price lookup.
    if (filter.makeKey) {
      conditions.push(inArray(vehicleModels.id, this.scope.db.select({ id: vehicleAliases.vehicleModelId }).from(vehicleAliases).where(eq(vehicleAliases.makeKey, filter.makeKey))));
    }
    if (filter.modelKey) {
      conditions.push(inArray(vehicleModels.id, this.scope.db.select({ id: vehicleAliases.vehicleModelId }).from(vehicleAliases).where(eq(vehicleAliases.modelKey, filter.modelKey))));
    }
    return conditions.length > 0 ? and(...conditions) : undefined;
  }
}
