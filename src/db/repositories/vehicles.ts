/** Read access to the car-model catalog. */
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { resolveMarketName } from '../../catalog/market-names.js';
import { groupBy } from '../../lib/group-by.js';
import { nameKey } from '../../catalog/names.js';
import {
  listings,
  vehicleAliases,
  vehicleEngines,
  vehicleGenerations,
  vehicleLabels,
  vehicleModels,
  type VehicleEngineRow,
  type VehicleGenerationRow,
  type VehicleLabelRow,
  type VehicleModelRow,
} from '../tables.js';

export type GenerationWithEngines = VehicleGenerationRow & { engines: VehicleEngineRow[] };

export interface VehicleFilter {
  make?: string | null;
  model?: string | null;
}

export interface VehiclePageRequest {
  first?: number | null;
  last?: number | null;
  afterId: string | null;
  beforeId: string | null;
}

export interface VehiclePage {
  rows: VehicleModelRow[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

export class VehicleRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): VehicleModelRow | undefined {
    return this.db.select().from(vehicleModels).where(eq(vehicleModels.id, id)).get();
  }

  findByIds(ids: readonly string[]): VehicleModelRow[] {
    if (ids.length === 0) return [];
    return this.db.select().from(vehicleModels).where(inArray(vehicleModels.id, [...ids])).all();
  }

  /** The vehicle a photo class or class id of the classifiers maps to. */
  findBySourceLabel(label: string): VehicleModelRow | undefined {
    return this.db
      .select({ vehicle: vehicleModels })
      .from(vehicleLabels)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleLabels.vehicleModelId))
      .where(eq(vehicleLabels.label, label))
      .get()?.vehicle;
  }

  /**
   * Catalog rows a make/model name refers to, accent-, case- and
   * punctuation-insensitive ("Mercedes" + "Classe E" finds the E-Class); names
   * no alias knows are read as market names ("BMW" + "320d" is a 3 Series).
   */
  findByName(make: string, model: string): VehicleModelRow[] {
    const found = this.findByAlias(nameKey(make), nameKey(model));
    if (found.length > 0) return found;
    const resolved = resolveMarketName(make, model);
    return resolved ? this.findByAlias(nameKey(resolved.make), nameKey(resolved.model)) : [];
  }

  private findByAlias(makeKey: string, modelKey: string): VehicleModelRow[] {
    return this.db
      .selectDistinct({ vehicle: vehicleModels })
      .from(vehicleAliases)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleAliases.vehicleModelId))
      .where(and(eq(vehicleAliases.makeKey, makeKey), eq(vehicleAliases.modelKey, modelKey)))
      .orderBy(asc(vehicleModels.id))
      .all()
      .map((row) => row.vehicle);
  }

  /** The catalog's spelling of a make written any way it knows ("mercedes" -> "Mercedes-Benz"); null when unknown. */
  canonicalMake(make: string): string | null {
    const row = this.db
      .select({ make: vehicleModels.make })
      .from(vehicleAliases)
      .innerJoin(vehicleModels, eq(vehicleModels.id, vehicleAliases.vehicleModelId))
      .where(eq(vehicleAliases.makeKey, nameKey(make)))
      .orderBy(asc(vehicleModels.id))
      .limit(1)
      .get();
    return row?.make ?? null;
  }

  /** Generations with their engine options, oldest first, for each vehicle id (two queries for any number of ids). */
  generations(ids: readonly string[]): Map<string, GenerationWithEngines[]> {
    if (ids.length === 0) return new Map();
    const generations = this.db
      .select()
      .from(vehicleGenerations)
      .where(inArray(vehicleGenerations.vehicleModelId, [...ids]))
      .orderBy(asc(vehicleGenerations.yearFrom), asc(vehicleGenerations.id))
      .all();
    // Chunked: a page of 100 vehicles can have a few thousand generations, beyond SQLite's parameter limit.
    const engineRows: VehicleEngineRow[] = [];
    for (let i = 0; i < generations.length; i += 500) {
      const chunk = generations.slice(i, i + 500).map((g) => g.id);
      engineRows.push(...this.db.select().from(vehicleEngines).where(inArray(vehicleEngines.generationId, chunk)).orderBy(asc(vehicleEngines.id)).all());
    }
    const engines = groupBy(engineRows, (engine) => engine.generationId);
    return groupBy(
      generations.map((generation) => ({ ...generation, engines: engines.get(generation.id) ?? [] })),
      (generation) => generation.vehicleModelId,
    );
  }

  /** Photo classes and class ids mapped to each vehicle id. */
  labels(ids: readonly string[]): Map<string, VehicleLabelRow[]> {
    if (ids.length === 0) return new Map();
    const rows = this.db.select().from(vehicleLabels).where(inArray(vehicleLabels.vehicleModelId, [...ids])).orderBy(asc(vehicleLabels.label)).all();
    return groupBy(rows, (row) => row.vehicleModelId);
  }

  /** Keyset pagination on the id (a slug of make and model). */
  page(filter: VehicleFilter, page: VehiclePageRequest): VehiclePage {
    const { afterId: after, beforeId: before } = page;
    const where = this.filterCondition(filter);
    const conditions = [where, after ? gt(vehicleModels.id, after) : undefined, before ? lt(vehicleModels.id, before) : undefined].filter(
      (c): c is SQL => c !== undefined,
    );
    const backwards = page.last != null && page.first == null;
    const limit = (backwards ? page.last : page.first) ?? 20;
    const fetched = this.db
      .select()
      .from(vehicleModels)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(backwards ? desc(vehicleModels.id) : asc(vehicleModels.id))
      .limit(limit + 1)
      .all();
    const more = fetched.length > limit;
    const rows = fetched.slice(0, limit);
    if (backwards) rows.reverse();
    const totalCount = this.db
      .select({ n: sql<number>`count(*)` })
      .from(vehicleModels)
      .where(where)
      .get()!.n;
    return {
      rows,
      hasNextPage: backwards ? before !== null : more,
      hasPreviousPage: backwards ? more : after !== null,
      totalCount,
    };
  }

  listingsCount(ids: readonly string[]): Map<string, number> {
    if (ids.length === 0) return new Map();
    const counts = this.db
      .select({ id: listings.vehicleModelId, n: sql<number>`count(*)` })
      .from(listings)
      .where(inArray(listings.vehicleModelId, [...ids]))
      .groupBy(listings.vehicleModelId)
      .all();
    return new Map(counts.map(({ id, n }) => [id, n]));
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(vehicleModels).get()!.n;
  }

  private filterCondition(filter: VehicleFilter): SQL | undefined {
    const conditions: SQL[] = [];
    // Match on the alias keys so that the filter is as forgiving as the price lookup.
    if (filter.make) {
      conditions.push(
        sql`${vehicleModels.id} IN (SELECT ${vehicleAliases.vehicleModelId} FROM ${vehicleAliases} WHERE ${vehicleAliases.makeKey} = ${nameKey(filter.make)})`,
      );
    }
    if (filter.model) {
      conditions.push(
        sql`${vehicleModels.id} IN (SELECT ${vehicleAliases.vehicleModelId} FROM ${vehicleAliases} WHERE ${vehicleAliases.modelKey} = ${nameKey(filter.model)})`,
      );
    }
    return conditions.length > 0 ? and(...conditions) : undefined;
  }
}
