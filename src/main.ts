/**
 * The composition root: reads the config, opens the database (migrations and
 * first-start data), builds the services and the schema, starts HTTP, and
 * shuts everything down in order on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, projectRoot, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openStorage } from './db/open.js';
import type { Storage } from './db/storage.js';
import { VehicleRepository } from './db/repositories/vehicles.js';
import { IdentificationRepository } from './db/repositories/identifications.js';
import { IdentificationReportRepository } from './db/repositories/identification-reports.js';
import { PriceModelRepository } from './db/repositories/price-models.js';
import { ComparablesRepository } from './db/repositories/comparables.js';
import { ReplayRepository } from './db/repositories/replay.js';
import { bootstrap } from './bootstrap/index.js';
import { VehicleService } from './services/vehicles/vehicle-service.js';
import { HealthService } from './services/health/health-service.js';
import { IdentificationService } from './services/identification/identification-service.js';
import { ReportService } from './services/identification/report-service.js';
import { IdentificationRetention } from './services/identification/retention.js';
import { PricingService } from './services/pricing/pricing-service.js';
import { ExplainService } from './services/pricing/explain-service.js';
import { ComparablesService } from './services/pricing/comparables.js';
import { ModelCardService } from './services/pricing/model-card.js';
import { EstimateStore } from './services/pricing/estimate-store.js';
import { AdminJobs } from './services/listings/admin-jobs.js';
import { InferenceService } from './inference/index.js';
import { createSchema } from './graphql/schema.js';
import { ResolverContainer } from './graphql/container.js';
import { VehicleResolver } from './graphql/resolvers/vehicle.resolver.js';
import { PricingResolver } from './graphql/resolvers/pricing.resolver.js';
import { IdentificationResolver } from './graphql/resolvers/identification.resolver.js';
import { AppraisalResolver } from './graphql/resolvers/appraisal.resolver.js';
import { AdminResolver } from './graphql/resolvers/admin.resolver.js';
import { HealthResolver } from './graphql/resolvers/health.resolver.js';
import { PriceEstimateResolver } from './graphql/resolvers/price-estimate.resolver.js';
import { OfferRatingResolver } from './graphql/resolvers/offer-rating.resolver.js';
import { AppraisalPriceResolver } from './graphql/resolvers/appraisal-price.resolver.js';
import { PriceModelCardResolver } from './graphql/resolvers/price-model-card.resolver.js';
import { NodeResolver } from './graphql/resolvers/node.resolver.js';
import { createServer, type RunningServer } from './http/app.js';
import { Metrics } from './observability/metrics.js';
import { lowerBackgroundThreads } from './lib/thread-priority.js';

/** The use cases, as built here (tests reach them through `Service.services`). */
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

export interface Service {
  server: RunningServer;
  services: Services;
  storage: Storage;
  retention: IdentificationRetention;
  close(): Promise<void>;
}

const packageVersion = (): string =>
  (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

const migrationCount = (dir: string): number => fs.readdirSync(dir).filter((file) => file.endsWith('.sql')).length;

export async function startService(config: Config, logger: Logger = createLogger(config)): Promise<Service> {
  const started = performance.now();
  const metrics = new Metrics();
  const storage = await openStorage(config.storage, { onError: (error) => logger.warn({ err: error }, 'a database connection failed; reconnecting') });
  const vehicleRepository = new VehicleRepository(storage);
  const vehicles = new VehicleService(vehicleRepository);
  const priceModelRepository = new PriceModelRepository(storage);
  const comparableListings = new ComparablesRepository(storage);
  const replayRepository = new ReplayRepository(storage);
  const pricing = new PricingService(priceModelRepository, vehicles, (method) => metrics.priceEstimate(method));
  const jobs = new AdminJobs({
    storage: config.storage,
    timeoutMs: config.pricing.jobTimeoutMs,
    onFinished: (job) => {
      void pricing.refresh().catch((error: unknown) => logger.error({ err: error }, 'could not load the new price models'));
      logger.info({ job: job.id, kind: job.kind, status: job.status, error: job.error }, 'admin job ended');
    },
  });
  await bootstrap(storage, config.seedDir, pricing, jobs, logger);
  // Versions activated by another process (the import CLI, another replica) are picked up without a restart.
  const refresh = setInterval(() => {
    pricing.refresh().catch((error: unknown) => logger.warn({ err: error }, 'could not check the active price model version'));
  }, config.pricing.refreshIntervalMs);
  refresh.unref();

  const health = new HealthService(storage, packageVersion(), migrationCount(config.storage.migrationsDir), [config.modelsDir, projectRoot]);
  const inference = await startInference(config, logger, metrics);
  // Once the ONNX sessions exist (their threads too); other threads start lazily (libuv's pool at the first decode, libvips' per image): check again now and then.
  lowerBackgroundThreads(config.inference.niceness);
  const lowerThreads = setInterval(() => lowerBackgroundThreads(config.inference.niceness), 5000);
  lowerThreads.unref();
  health.register({
    models: () =>
      inference.service?.status().models.map((model) => ({
        id: model.id,
        task: model.task ?? model.role,
        present: model.state === 'present',
        version: model.version,
        provider: model.provider,
        detail: model.reason ?? model.role,
      })) ?? [],
    notReadyReason: () => (inference.problem ? `inference: ${inference.problem}` : null),
  });
  health.register({ models: () => [], notReadyReason: () => pricingProblem(pricing) });
  const identificationRepository = new IdentificationRepository(storage);
  const retention = new IdentificationRetention(
    identificationRepository,
    {
      maxAgeMs: config.identifications.maxAgeDays * 86_400_000,
      maxRows: config.identifications.maxRows,
      intervalMs: config.identifications.sweepIntervalMs,
    },
    () => new Date(),
    (error) => logger.error({ err: error }, 'identification retention sweep failed'),
  );
  retention.start();
  const estimates = new EstimateStore(replayRepository, vehicles);
  // Stored estimates are kept as long as identifications (IDENTIFICATION_MAX_AGE_DAYS), swept on the same interval.
  const estimateSweep =
    config.identifications.maxAgeDays > 0
      ? setInterval(() => {
          estimates.sweep(config.identifications.maxAgeDays * 86_400_000).catch((error: unknown) => logger.error({ err: error }, 'estimate retention sweep failed'));
        }, config.identifications.sweepIntervalMs)
      : null;
  estimateSweep?.unref();
  const identification = new IdentificationService(
    inference.service,
    identificationRepository,
    vehicles,
    inference.problem,
    (result) => {
      metrics.inference(result.model.id, result.timings);
      metrics.outcome(result.outcome);
    },
    {
      store: config.identifications.store,
      reuse: config.identifications.reuse ? { repository: replayRepository, withinMs: config.identifications.maxAgeDays * 86_400_000 } : undefined,
    },
  );
  const reports = new ReportService(
    new IdentificationReportRepository(storage),
    identificationRepository,
    vehicles,
    config.limits.reports,
    (withVehicle) => metrics.report(withVehicle),
  );
  const explain = new ExplainService(pricing, comparableListings);
  const comparables = new ComparablesService(comparableListings);
  const modelCard = new ModelCardService(pricing, priceModelRepository);
  const services: Services = { vehicles, health, identification, reports, pricing, explain, comparables, modelCard, estimates, jobs };
  const container = new ResolverContainer([
    new VehicleResolver(vehicles, pricing),
    new PricingResolver(pricing, estimates, vehicles),
    new PriceEstimateResolver(explain, comparables, pricing),
    new OfferRatingResolver(pricing, estimates),
    new IdentificationResolver(identification, reports),
    new AppraisalResolver(identification, pricing, estimates),
    new AppraisalPriceResolver(pricing, estimates),
    new PriceModelCardResolver(modelCard),
    new NodeResolver(estimates, identification),
    new AdminResolver(jobs, identification, vehicles),
    new HealthResolver(health),
  ]);
  const schema = await createSchema(container);
  const { listen } = await createServer({ config, schema, health, logger, metrics });
  const server = await listen();
  logger.info({ url: server.url, startupMs: Math.round(performance.now() - started) }, 'carvalue is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(refresh);
      clearInterval(lowerThreads);
      retention.stop();
      if (estimateSweep) clearInterval(estimateSweep);
      await server.stop();
      await jobs.close();
      await inference.service?.close();
      await storage.close();
    })());
  return { server, services, storage, retention, close };
}

function pricingProblem(pricing: PricingService): string | null {
  const { pending } = pricing.status();
  return pending ? `pricing: ${pending}` : null;
}

/**
 * Loads the ONNX models. A failure does not stop the service: price and
 * catalog queries still work, /ready says why identification is unavailable.
 */
async function startInference(config: Config, logger: Logger, metrics: Metrics) {
  if (!config.inference.enabled) return { service: null, problem: null };
  const { inference } = config;
  const log = logger.child({ component: 'inference' });
  try {
    const service = await InferenceService.create(
      {
        modelsDir: config.modelsDir,
        detector: inference.detector,
        classifiers: inference.classifiers,
        bodyTypeModel: inference.bodyTypeModel,
        runtime: {
          executionProviders: inference.executionProviders,
          intraOpThreads: inference.intraOpThreads,
          onRun: (model, size) => metrics.batch(model, size),
        },
        decode: { limitInputPixels: inference.maxInputPixels },
        admission: { maxConcurrent: inference.maxConcurrent, maxQueued: inference.maxQueued, maxPixelsInFlight: inference.maxPixelsInFlight },
        uncertainThreshold: inference.minConfidence,
        vehicles: { maxClassified: inference.maxVehiclesClassified, minSide: inference.minVehicleSidePx },
        batching: { enabled: inference.batching, maxBatchSize: inference.maxBatchSize, maxWaitMs: inference.maxBatchWaitMs },
      },
      { warn: (message, details) => log.warn(details ?? {}, message), info: (message, details) => log.info(details ?? {}, message) },
    );
    return { service, problem: null };
  } catch (error) {
    log.error({ err: error }, 'could not load the identification models');
    return { service: null, problem: (error as Error).message };
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const service = await startService(config, logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Stop accepting, let in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_MS in the
      // HTTP drain), release the ONNX sessions, close the database; a hard deadline backs it up.
      logger.info({ signal }, 'shutting down');
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline passed, exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs + 5000);
      deadline.unref();
      service.close().then(
        () => {
          logger.info('shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error during shutdown');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
