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
import { InferenceService } from './inference/index.js';
import { ListingRepository } from './db/repositories/listings.js';
import { PriceModelRepository } from './db/repositories/price-models.js';
import { PricingService } from './pricing/pricing-service.js';
import { Metrics } from './observability/metrics.js';
import { ListingImportService } from './listings/import-service.js';

export interface Service {
  server: RunningServer;
  services: Services;
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
  if (seeded.vehicleModels || seeded.listings) logger.info(seeded, 'loaded first-start data');

  const vehicleRepository = new VehicleRepository(database.db);
  const listingRepository = new ListingRepository(database.db);
  const pricing = new PricingService(
    new PriceModelRepository(database.db),
    listingRepository,
    vehicleRepository,
    () => new Date(),
    (method) => metrics.priceEstimate(method),
  );
  const training = pricing.ensureTrained();
  if (training.trained) logger.info({ version: training.version }, 'trained the price models from the listings');

  const health = new HealthService(database, packageVersion(), migrationCount(config.migrationsDir));
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
  const identificationRepository = new IdentificationRepository(database.db);
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
    ),
    reports: new ReportService(
      new IdentificationReportRepository(database.db),
      identificationRepository,
      vehicles,
      config.limits.reports,
      (withVehicle) => metrics.report(withVehicle),
    ),
    pricing,
    listingImport: new ListingImportService(listingRepository, vehicleRepository, pricing, database.inTransaction),
  };
  const schema = await createSchema();
  const { listen } = await createServer({ config, schema, services, logger, metrics });
  const server = await listen();
  logger.info({ url: server.url, startupMs: Math.round(performance.now() - started) }, 'carvalue is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await server.stop();
      await inference.service?.close();
      database.close();
    })());
  return { server, services, close };
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
