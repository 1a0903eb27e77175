/** Catalog queries: lookup, filtering and Relay cursor pagination. */
import { badInput, notFound } from '../../errors.js';
import type { VehicleFilter, VehicleRepository } from '../../db/repositories/vehicles.js';
import type { Vehicle, VehicleGeneration, VehicleLabel } from '../../graphql/types/vehicle.type.js';
import type { VehicleConnection } from '../../graphql/types/connection.type.js';
import { toGeneration, toLabel, toVehicle } from '../../graphql/mappers/vehicle.mapper.js';

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

export class VehicleService {
  constructor(private readonly vehicles: VehicleRepository) {}

  get(id: string): Vehicle {
    const row = this.vehicles.findById(id);
    if (!row) throw notFound(`No vehicle with id "${id}"`);
    return toVehicle(row);
  }

  /** Vehicles by id, in the order asked; unknown ids give null. */
  getMany(ids: readonly string[]): (Vehicle | null)[] {
    const rows = new Map(this.vehicles.findByIds(ids).map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = rows.get(id);
      return row ? toVehicle(row) : null;
    });
  }

  bySourceLabel(label: string): Vehicle | null {
    const row = this.vehicles.findBySourceLabel(label);
    return row ? toVehicle(row) : null;
  }

  list(filter: VehicleFilter, args: PageArgs): VehicleConnection {
    if (args.first != null && args.last != null) throw badInput('Pass "first" or "last", not both', 'first');
    for (const name of ['first', 'last'] as const) {
      const size = args[name];
      if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
        throw badInput(`"${name}" must be between 0 and ${MAX_PAGE_SIZE}`, name);
      }
    }
    const page = this.vehicles.page(filter, {
      first: args.first,
      last: args.last,
      afterId: args.after ? decodeCursor(args.after, 'after') : null,
      beforeId: args.before ? decodeCursor(args.before, 'before') : null,
    });
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

  listingsCounts(ids: readonly string[]): Map<string, number> {
    return this.vehicles.listingsCount(ids);
  }

  /** Generations of each vehicle, in the order of `ids` (for a DataLoader). */
  generations(ids: readonly string[]): VehicleGeneration[][] {
    const byVehicle = this.vehicles.generations(ids);
    return ids.map((id) => (byVehicle.get(id) ?? []).map(toGeneration));
  }

  /** Classifier labels of each vehicle, in the order of `ids` (for a DataLoader). */
  labels(ids: readonly string[]): VehicleLabel[][] {
    const byVehicle = this.vehicles.labels(ids);
    return ids.map((id) => (byVehicle.get(id) ?? []).map(toLabel));
  }
}
