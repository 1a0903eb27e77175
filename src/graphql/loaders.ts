/** Per-request DataLoaders, so a page of vehicles costs one query per field, not one per row. */
import DataLoader from 'dataloader';
import type { VehicleService } from '../services/vehicles/vehicle-service.js';
import type { CatalogVehicle, VehicleGeneration, VehicleLabel } from '../services/vehicles/types.js';
import type { GraphQLContext } from './context.js';

export interface VehicleLoaders {
  vehicle: DataLoader<string, CatalogVehicle | null>;
  listingsCount: DataLoader<string, number>;
  generations: DataLoader<string, VehicleGeneration[]>;
  labels: DataLoader<string, VehicleLabel[]>;
}

// Keyed by the request's context object: created on first use, gone with the request.
const perRequest = new WeakMap<GraphQLContext, VehicleLoaders>();

export function vehicleLoaders(context: GraphQLContext, vehicles: VehicleService): VehicleLoaders {
  let loaders = perRequest.get(context);
  if (!loaders) {
    loaders = {
      vehicle: new DataLoader((ids) => vehicles.getMany(ids)),
      listingsCount: new DataLoader(async (ids) => {
        const counts = await vehicles.listingsCounts(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
      generations: new DataLoader((ids) => vehicles.generations(ids)),
      labels: new DataLoader((ids) => vehicles.labels(ids)),
    };
    perRequest.set(context, loaders);
  }
  return loaders;
}
