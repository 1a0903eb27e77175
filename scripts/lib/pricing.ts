/** What the pricing CLIs and the price benchmark share: the database, seeded, and the pricing service on it. */
import type { Config } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { ListingRepository } from '../../src/db/repositories/listings.js';
import { PriceModelRepository } from '../../src/db/repositories/price-models.js';
import { VehicleRepository } from '../../src/db/repositories/vehicles.js';
import { seedDatabase } from '../../src/db/seed/seed.js';
import { PricingService } from '../../src/pricing/pricing-service.js';

export function openPricing(config: Config) {
  const database = openDatabase(config.databasePath, config.migrationsDir);
  try {
    seedDatabase(database, config.seedDir);
  } catch (error) {
    database.close();
    throw error;
  }
  const listings = new ListingRepository(database.db);
  const vehicles = new VehicleRepository(database.db);
  const pricing = new PricingService(new PriceModelRepository(database.db), listings, vehicles);
  return { database, listings, vehicles, pricing };
}
