import DataLoader from 'dataloader';
import type { Loaders, Services } from './context.js';

export function createLoaders(services: Services): Loaders {
  return {
    vehicle: new DataLoader(async (ids) => services.vehicles.getMany(ids)),
    listingsCount: new DataLoader(async (ids) => {
      const counts = services.vehicles.listingsCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    generations: new DataLoader(async (ids) => services.vehicles.generations(ids)),
    labels: new DataLoader(async (ids) => services.vehicles.labels(ids)),
  };
}
