/**
 * First start on an empty storage: the catalog, the shipped market listings
 * and price models that match them. Runs under a lock every process on the
 * storage respects, so replicas starting together on one empty PostgreSQL
 * database seed it once (the second finds it seeded).
 */
import path from 'node:path';
import type { Storage } from '../db/storage.js';
import type { Logger } from '../logger.js';
import type { AdminJobs } from '../services/listings/admin-jobs.js';
import type { PricingService } from '../services/pricing/pricing-service.js';
import type { CleaningReport } from '../listings/clean-listings.js';
import { SEED_LISTINGS, SEED_PRICE_MODELS, ensurePriceModels, seedListings, type PriceModelsState } from './pricing.js';
import { seedCatalog, type SeedReport } from './seed-catalog.js';

export const BOOTSTRAP_LOCK = 'bootstrap';

/** The catalog and the shipped listings, each only into empty tables. Call it under BOOTSTRAP_LOCK. */
export async function seedData(storage: Storage, seedDir: string): Promise<{ catalog: SeedReport; listings: CleaningReport | null }> {
  const catalog = await seedCatalog(storage, seedDir);
  const listings = await seedListings(storage, path.join(seedDir, SEED_LISTINGS));
  return { catalog, listings };
}

export function bootstrap(
  storage: Storage,
  seedDir: string,
  pricing: PricingService,
  jobs: AdminJobs,
  logger: Logger,
): Promise<PriceModelsState> {
  return storage.withLock(BOOTSTRAP_LOCK, async () => {
    const { catalog, listings } = await seedData(storage, seedDir);
    if (catalog.vehicleModels) logger.info(catalog, 'loaded the catalog');
    if (listings) logger.info({ kept: listings.kept, read: listings.read }, 'loaded the shipped market listings');
    const prices = await ensurePriceModels(storage, pricing, jobs, path.join(seedDir, SEED_PRICE_MODELS));
    logger.info(prices, 'price models');
    return prices;
  });
}
