import type DataLoader from 'dataloader';
import type { Logger } from '../logger.js';
import type { VehicleService } from '../catalog/vehicle-service.js';
import type { HealthService } from '../health/health-service.js';
import type { IdentificationService } from '../identification/identification-service.js';
import type { ReportService } from '../identification/report-service.js';
import type { Config } from '../config.js';
import type { PricingService } from '../pricing/pricing-service.js';
import type { ExplainService } from '../services/pricing/explain-service.js';
import type { ComparablesService } from '../services/pricing/comparables.js';
import type { ModelCardService } from '../services/pricing/model-card.js';
import type { EstimateStore } from '../services/pricing/estimate-store.js';
import type { Caller } from '../http/auth.js';
import type { AdminJobs } from '../jobs/admin-jobs.js';
import type { Vehicle, VehicleGeneration, VehicleLabel } from './types/vehicle.type.js';

/** Application services the resolvers call; built once in main.ts. */
export interface Services {
  vehicles: VehicleService;
  health: HealthService;
  identification: IdentificationService;
  reports: ReportService;
  pricing: PricingService;
  /** Explanations of estimates (Shapley contributions against a reference car). */
  explain: ExplainService;
  comparables: ComparablesService;
  modelCard: ModelCardService;
  /** Every estimate answered, stored for node(id). */
  estimates: EstimateStore;
  /** Listings imports and retrains, run one at a time in a worker thread. */
  jobs: AdminJobs;
}

/** Per-request loaders, so a page of vehicles costs one query per field, not one per row. */
export interface Loaders {
  vehicle: DataLoader<string, Vehicle | null>;
  listingsCount: DataLoader<string, number>;
  generations: DataLoader<string, VehicleGeneration[]>;
  labels: DataLoader<string, VehicleLabel[]>;
}

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
  requestId: string;
  /** Aborted at the request's deadline or when its client goes away. */
  signal?: AbortSignal;
  logger: Logger;
  limits: Config['limits'];
  /** The client's address (rate limits). */
  clientAddress: string;
  /** From the Authorization header: see requireAdmin. */
  caller: Caller;
}
