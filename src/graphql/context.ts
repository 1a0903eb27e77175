import type DataLoader from 'dataloader';
import type { Logger } from '../logger.js';
import type { VehicleService } from '../catalog/vehicle-service.js';
import type { HealthService } from '../health/health-service.js';
import type { IdentificationService } from '../identification/identification-service.js';
import type { ReportService } from '../identification/report-service.js';
import type { Config } from '../config.js';
import type { PricingService } from '../pricing/pricing-service.js';
import type { Caller } from '../http/auth.js';
import type { ListingImportService } from '../listings/import-service.js';
import type { Vehicle } from './types/vehicle.type.js';

/** Application services the resolvers call; built once in main.ts. */
export interface Services {
  vehicles: VehicleService;
  health: HealthService;
  identification: IdentificationService;
  reports: ReportService;
  pricing: PricingService;
  listingImport: ListingImportService;
}

/** Per-request loaders, so a page of vehicles costs one query per field, not one per row. */
export interface Loaders {
  vehicle: DataLoader<string, Vehicle | null>;
  listingsCount: DataLoader<string, number>;
}

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
  requestId: string;
  logger: Logger;
  limits: Config['limits'];
  /** The client's address (rate limits). */
  clientAddress: string;
  /** From the Authorization header: see requireAdmin. */
  caller: Caller;
}
