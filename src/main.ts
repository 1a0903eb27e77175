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
import { openDatabase } from './db/client.js';
import { VehicleRepository } from './db/repositories/vehicles.js';
import { seedDatabase } from './db/seed/seed.js';
import { VehicleService } from './catalog/vehicle-service.js';
import { HealthService } from './health/health-service.js';
import { createSchema } from './graphql/schema.js';
import type { Services } from './graphql/context.js';
import { createServer, type RunningServer } from './http/app.js';
import { IdentificationRepository } from './db/repositories/identifications.js';
import { IdentificationService } from './identification/identification-service.js';
import { IdentificationReportRepository } from './db/repositories/identification-reports.js';
import { ReportService } from './identification/report-service.js';
import { IdentificationRetention } from './identification/retention.js';
import { InferenceService } from './inference/index.js';
import { PriceModelRepository } from './db/repositories/price-models.js';
import { PricingService } from './pricing/pricing-service.js';
import { Metrics } from './observability/metrics.js';
import { AdminJobs } from './jobs/admin-jobs.js';
import { SEED_LISTINGS, SEED_PRICE_MODELS, ensurePriceModels, seedListings } from './jobs/startup.js';
import { ComparablesRepository } from './db/repositories/comparables.js';
import { ExplainService } from './services/pricing/explain-service.js';
import { ComparablesService } from './services/pricing/comparables.js';
import { ModelCardService } from './services/pricing/model-card.js';
import { ReplayRepository } from './db/repositories/replay.js';
import { EstimateStore } from './services/pricing/estimate-store.js';

export interface Service {
  server: RunningServer;
  services: Services;
  retention: IdentificationRetention;
  close(): Promise<void>;
}

const packageVersion = (): string =>
  (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

const migrationCount = (dir: string): number => fs.readdirSync(dir).filter((file) => file.endsWith('.sql')).length;

export async function startService(config: Config, logger: Logger = createLogger(config)): Promise<Service> {
  const started = performance.now();
  const metrics = new Metrics();
  const database = openDatabase(config.databasePath, config.migrationsDir);
  const seeded = seedDatabase(database, config.seedDir);
  if (seeded.vehicleModels) logger.info(seeded, 'loaded the catalog');
  const listingsSeeded = await seedListings(database, path.join(config.seedDir, SEED_LISTINGS));
  if (listingsSeeded) logger.info({ kept: listingsSeeded.kept, read: listingsSeeded.read }, 'loaded the shipped market listings');

  const vehicleRepository = new VehicleRepository(database.db);
  const comparableListings = new ComparablesRepository(database.db);
  const replayRepository = new ReplayRepository(database.db);
  const priceModelRepository = new PriceModelRepository(database.db);
  const pricing = new PricingService(priceModelRepository, vehicleRepository, (method) => metrics.priceEstimate(method));
  const jobs = new AdminJobs({
    databasePath: config.databasePath,
    migrationsDir: config.migrationsDir,
    timeoutMs: config.pricing.jobTimeoutMs,
    onFinished: (job) => {
      pricing.refresh();
      logger.info({ job: job.id, kind: job.kind, status: job.status, error: job.error }, 'admin job ended');
    },
  });
  const prices = ensurePriceModels(database, pricing, jobs, path.join(config.seedDir, SEED_PRICE_MODELS));
  logger.info(prices, 'price models');
  // Versions activated by another process (the import CLI, another replica) are picked up without a restart.
  const refresh = setInterval(() => pricing.refresh(), config.pricing.refreshIntervalMs);
  refresh.unref();

  const health = new HealthService(database, packageVersion(), migrationCount(config.migrationsDir), [config.modelsDir, projectRoot]);
  const vehicles = new VehicleService(vehicleRepository);
  const inference = await startInference(config, logger, metrics);
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
  const identificationRepository = new IdentificationRepository(database.db);
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
  const estimates = new EstimateStore(replayRepository, vehicleRepository);
  // Stored estimates are kept as long as identifications (IDENTIFICATION_MAX_AGE_DAYS), swept on the same interval.
  const estimateSweep =
    config.identifications.maxAgeDays > 0
      ? setInterval(() => {
          estimates.sweep(config.identifications.maxAgeDays * 86_400_000).catch((error: unknown) => logger.error({ err: error }, 'estimate retention sweep failed'));
        }, config.identifications.sweepIntervalMs)
      : null;
  estimateSweep?.unref();
  const services: Services = {
    vehicles,
    health,
    identification: new IdentificationService(
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
        reuse: config.identifications.reuse
          ? { repository: replayRepository, withinMs: config.identifications.maxAgeDays * 86_400_000 }
          : undefined,
      },
    ),
    reports: new ReportService(
      new IdentificationReportRepository(database.db),
      identificationRepository,
      vehicles,
      config.limits.reports,
      (withVehicle) => metrics.report(withVehicle),
    ),
    pricing,
    explain: new ExplainService(pricing, comparableListings),
    comparables: new ComparablesService(comparableListings),
    modelCard: new ModelCardService(pricing, priceModelRepository),
    estimates,
    jobs,
  };
  const schema = await createSchema();
  const { listen } = await createServer({ config, schema, services, logger, metrics });
  const server = await listen();
  logger.info({ url: server.url, startupMs: Math.round(performance.now() - started) }, 'carvalue is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(refresh);
      retention.stop();
      if (estimateSweep) clearInterval(estimateSweep);
      await server.stop();
      await jobs.close();
      await inference.service?.close();
      database.close();
    })());
  return { server, services, retention, close };
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
