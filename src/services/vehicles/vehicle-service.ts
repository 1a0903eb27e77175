/** Catalog use cases: lookup by id, label or name, filtering and Relay cursor pagination. */
import { badInput, notFound } from '../../errors.js';
import type { VehicleRepository } from '../../db/repositories/vehicles.js';
import { resolveMarketName } from '../../catalog/market-names.js';
import { nameKey } from '../../catalog/names.js';
import type { VehicleModelRow } from '../../db/tables.js';
import { toGeneration, toLabel, toVehicle } from './from-rows.js';
import type { CatalogVehicle, VehicleGeneration, VehicleLabel, VehiclePage } from './types.js';

export const MAX_PAGE_SIZE = 100;
const CURSOR_PREFIX = 'vehicle:';

export const encodeCursor = (id: string): string => Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string, argument: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw badInput(`"${argument}" is not a valid cursor: use a cursor returned by this API`, argument);
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * The alias keys a make/model name is looked up by, in order: as written
 * (accent-, case- and punctuation-insensitive), then read as a market name
 * ("BMW" + "320d" is a 3 Series). Lazy: the market rules run only when needed.
 */
function* nameKeys(make: string, model: string): Generator<[makeKey: string, modelKey: string]> {
  yield [nameKey(make), nameKey(model)];
  const resolved = resolveMarketName(make, model);
  if (resolved) yield [nameKey(resolved.make), nameKey(resolved.model)];
}

export class VehicleService {
  constructor(private readonly vehicles: VehicleRepository) {}

  async get(id: string): Promise<CatalogVehicle> {
    const row = await this.vehicles.findById(id);
    if (!row) throw notFound(`No vehicle with id "${id.slice(0, 100)}"`);
    return toVehicle(row);
  }

  /** Vehicles by id, in the order asked; unknown ids give null. */
  async getMany(ids: readonly string[]): Promise<(CatalogVehicle | null)[]> {
    const rows = new Map((await this.vehicles.findByIds(ids)).map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = rows.get(id);
      return row ? toVehicle(row) : null;
    });
  }

  async byLabel(label: string): Promise<CatalogVehicle | null> {
    const row = await this.vehicles.findByLabel(label);
    return row ? toVehicle(row) : null;
  }

  /**
   * Vehicles a make/model name refers to, accent-, case- and
   * punctuation-insensitive ("Mercedes" + "Classe E" finds the E-Class); names
   * no alias knows are read as market names ("BMW" + "320d" is a 3 Series).
   */
  async findByName(make: string, model: string): Promise<CatalogVehicle[]> {
    return (await this.rowsByName(make, model)).map(toVehicle);
  }

  /**
   * The same lookup as `findByName`, answered from memory: for an import,
   * which resolves thousands of names at once without a query each.
   */
  async nameLookup(): Promise<(make: string, model: string) => CatalogVehicle[]> {
    const byKey = new Map<string, CatalogVehicle[]>();
    for (const { makeKey, modelKey, vehicle } of await this.vehicles.aliases()) {
      const key = `${makeKey}\u0000${modelKey}`;
      const found = byKey.get(key) ?? [];
      if (!found.some((v) => v.id === vehicle.id)) found.push(toVehicle(vehicle));
      byKey.set(key, found);
    }
    return (make, model) => {
      for (const [makeKey, modelKey] of nameKeys(make, model)) {
        const found = byKey.get(`${makeKey}\u0000${modelKey}`);
        if (found) return found;
      }
      return [];
    };
  }

  /** The catalog's spelling of a make written any way it knows ("mercedes" -> "Mercedes-Benz"); null when unknown. */
  canonicalMake(make: string): Promise<string | null> {
    return this.vehicles.makeByKey(nameKey(make));
  }

  async list(filter: { make?: string | null; model?: string | null }, args: PageArgs): Promise<VehiclePage> {
    if (args.first != null && args.last != null) throw badInput('Pass "first" or "last", not both', 'first');
    for (const name of ['first', 'last'] as const) {
      const size = args[name];
      if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
        throw badInput(`"${name}" must be between 0 and ${MAX_PAGE_SIZE}`, name);
      }
    }
    const page = await this.vehicles.page(
      { makeKey: filter.make ? nameKey(filter.make) : null, modelKey: filter.model ? nameKey(filter.model) : null },
      {
        first: args.first,
        last: args.last,
        afterId: args.after ? decodeCursor(args.after, 'after') : null,
        beforeId: args.before ? decodeCursor(args.before, 'before') : null,
      },
    );
    const nodes = page.rows.map(toVehicle);
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return {
      edges,
      nodes,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  listingsCounts(ids: readonly string[]): Promise<Map<string, number>> {
    return this.vehicles.listingsCount(ids);
  }

  /** Generations of each vehicle, in the order of `ids` (for a DataLoader). */
  async generations(ids: readonly string[]): Promise<VehicleGeneration[][]> {
    const byVehicle = await this.vehicles.generations(ids);
    return ids.map((id) => (byVehicle.get(id) ?? []).map(toGeneration));
  }

  /** Labels of each vehicle, in the order of `ids` (for a DataLoader). */
  async labels(ids: readonly string[]): Promise<VehicleLabel[][]> {
    const byVehicle = await this.vehicles.labels(ids);
    return ids.map((id) => (byVehicle.get(id) ?? []).map(toLabel));
  }

  private async rowsByName(make: string, model: string): Promise<VehicleModelRow[]> {
    for (const [makeKey, modelKey] of nameKeys(make, model)) {
      const found = await this.vehicles.findByAlias(makeKey, modelKey);
      if (found.length > 0) return found;
    }
    return [];
  }
}
