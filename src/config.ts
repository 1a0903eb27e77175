/**
 * The only module that reads the environment. Every setting has a default so
 * that `npm start` works on a fresh clone; values are validated at start and a
 * bad one stops the process with a message naming the variable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in src/ or dist/src/). */
export const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

export type ExecutionProvider = 'cuda' | 'cpu';

/** Where the data lives: the SQLite file (default) or a PostgreSQL database when DATABASE_URL is set. */
export type StorageConfig =
  | { kind: 'sqlite'; path: string; migrationsDir: string }
  | { kind: 'postgres'; url: string; migrationsDir: string; poolSize: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databasePath: string;
  /** `postgres://...` (DATABASE_URL): several replicas share one PostgreSQL database; null: the SQLite file. */
  databaseUrl: string | null;
  migrationsDir: string;
  /** What the service and its admin worker open: from the settings above. */
  storage: StorageConfig;
  /** Connections per replica to PostgreSQL. */
  databasePoolSize: number;
  seedDir: string;
  /** Price models: admin jobs (import, retrain) run in a worker with this deadline; other writers' new versions are picked up this often. */
  pricing: { jobTimeoutMs: number; refreshIntervalMs: number };
  modelsDir: string;
  /** Built demo page (npm run build:web); / redirects to GraphiQL when it is absent. */
  webDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  graphiql: boolean;
  introspection: boolean;
  inference: {
    enabled: boolean;
    executionProviders: ExecutionProvider[];
    intraOpThreads: number;
    /** Nice value of every thread but the event loop's (inference, decoding; Linux): they yield the cores to the event loop. */
    niceness: number;
    /** Classifier ids in priority order: the first one whose model file exists is used. */
    classifiers: string[];
    detector: string;
    bodyTypeModel: string | null;
    /** Top-1 probability under which an identification is flagged uncertain. */
    minConfidence: number;
    /** Micro-batching: null = the provider's measured default (off on CPU, on for CUDA). */
    batching: boolean | null;
    maxBatchSize: number;
    maxBatchWaitMs: number | null;
    maxInputPixels: number;
    /** Several vehicles per photo: how many are classified, and the smallest box side (px) worth classifying. */
    maxVehiclesClassified: number;
    minVehicleSidePx: number;
    /** Admission control across requests: images decoded/run at once, waiting, and their pixels together. */
    maxConcurrent: number;
    maxQueued: number;
    maxPixelsInFlight: number;
  };
  limits: {
    maxUploadBytes: number;
    maxImagesPerRequest: number;
    maxQueryDepth: number;
    maxAliases: number;
    maxQueryCost: number;
    maxTokens: number;
    /** Whole-request deadline; a request still running then gets a TIMEOUT error and its work is cancelled. */
    requestTimeoutMs: number;
    /** reportIdentification: per client per hour, per identification, comment length. */
    /** `clientHashKey`: the key client addresses are hashed with (CLIENT_HASH_KEY); null: a random one per process. */
    reports: { perClientPerHour: number; perIdentification: number; maxCommentChars: number; clientHashKey: string | null };
    /** Longest make, model or other free-text argument, in characters. */
    maxStringLength: number;
    /** Longest id or cursor argument, in characters. */
    maxIdLength: number;
  };
  http: {
    /** Time a client has to send the request headers (slowloris). */
    headersTimeoutMs: number;
    /** Time a client has to send the whole request, body included. */
    requestTimeoutMs: number;
    /** Open connections at once; more are refused by the server socket. */
    maxConnections: number;
    /** Multipart uploads read and served at once; more are refused from their headers (503). 0 = no limit. */
    maxUploadsInFlight: number;
  };
  identifications: {
    /** False: identifications are answered but not stored (identification(id) is then NOT_FOUND). */
    store: boolean;
    /** True: the same image identified again by the same classifier version (while stored) gets the stored identification back. */
    reuse: boolean;
    /** Stored identifications older than this are deleted; 0 = kept whatever their age. */
    maxAgeDays: number;
    /** At most this many stored identifications (the newest); 0 = no limit. */
    maxRows: number;
    sweepIntervalMs: number;
  };
  /** Bearer token for the mutations that change data; null = those mutations are refused. */
  adminToken: string | null;
  /** How long a SIGTERM waits for in-flight requests before closing. */
  shutdownTimeoutMs: number;
  metrics: boolean;
  /** /metrics answers only with the admin bearer token. */
  metricsRequireAuth: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const config: Config = {
    env: nodeEnv,
    host: read.string('HOST', '0.0.0.0'),
    port: read.int('PORT', 4000, 0, 65535),
    databasePath: read.path('DATABASE_PATH', 'data/carvalue.sqlite'),
    databaseUrl: read.postgresUrl('DATABASE_URL'),
    migrationsDir: read.path('MIGRATIONS_DIR', 'migrations'),
    // Filled in below from the database settings.
    storage: { kind: 'sqlite', path: '', migrationsDir: '' },
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 1000),
    seedDir: read.path('SEED_DIR', 'data/seed'),
    pricing: {
      jobTimeoutMs: read.int('JOB_TIMEOUT_MS', 10 * 60_000, 1000, 24 * 3_600_000),
      refreshIntervalMs: read.int('PRICE_MODEL_REFRESH_MS', 2000, 100, 3_600_000),
    },
    modelsDir: read.path('MODELS_DIR', 'models'),
    webDir: read.path('WEB_DIR', 'dist/web'),
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    graphiql: read.bool('GRAPHIQL', !production),
    introspection: read.bool('INTROSPECTION', !production),
    inference: {
      enabled: read.bool('INFERENCE_ENABLED', true),
      executionProviders: read.list('EXECUTION_PROVIDERS', ['cuda', 'cpu'], ['cuda', 'cpu']) as ExecutionProvider[],
      // One intra-op thread measured fastest on the 2-vCPU machines this runs on.
      intraOpThreads: read.int('ORT_INTRA_OP_THREADS', 1, 1, 256),
      niceness: read.int('INFERENCE_NICE', 10, 0, 19),
      classifiers: read.list('CLASSIFIERS', ['efficientnet-b7', 'car-classifier']),
      detector: read.string('DETECTOR', 'yolox-nano'),
      bodyTypeModel: read.string('BODY_TYPE_MODEL', 'mobilenetv2-12-int8') || null,
      minConfidence: read.float('MIN_CONFIDENCE', 0.5, 0, 1),
      batching: { auto: null, on: true, off: false }[read.oneOf('BATCHING', ['auto', 'on', 'off'] as const, 'auto')],
      maxBatchSize: read.int('MAX_BATCH_SIZE', 8, 1, 256),
      maxBatchWaitMs: read.optionalInt('MAX_BATCH_WAIT_MS', 0, 1000),
      maxInputPixels: read.int('MAX_INPUT_PIXELS', 50_000_000, 1, 1_000_000_000),
      // One image per core at once: sharp and ONNX Runtime already use the cores; more only queues inside them.
      maxConcurrent: read.int('MAX_CONCURRENT_IDENTIFICATIONS', 2, 1, 256),
      maxQueued: read.int('MAX_QUEUED_IDENTIFICATIONS', 16, 0, 10_000),
      maxPixelsInFlight: read.int('MAX_PIXELS_IN_FLIGHT', 100_000_000, 1, 10_000_000_000),
      maxVehiclesClassified: read.int('MAX_VEHICLES_CLASSIFIED', 4, 1, 20),
      minVehicleSidePx: read.int('MIN_VEHICLE_SIDE_PX', 32, 0, 10_000),
    },
    limits: {
      maxUploadBytes: read.int('MAX_UPLOAD_BYTES', 15 * 1024 * 1024, 1, 1024 * 1024 * 1024),
      maxImagesPerRequest: read.int('MAX_IMAGES_PER_REQUEST', 8, 1, 100),
      maxQueryDepth: read.int('MAX_QUERY_DEPTH', 10, 1, 100),
      maxAliases: read.int('MAX_ALIASES', 15, 0, 1000),
      // GraphQL Armor's cost of the largest documented page (vehicles(first: 100), every field and the
      // characteristics) is 8,994: the limit lets it through, and refuses what costs more.
      maxQueryCost: read.int('MAX_QUERY_COST', 10_000, 1, 1_000_000),
      maxTokens: read.int('MAX_TOKENS', 2000, 10, 1_000_000),
      requestTimeoutMs: read.int('REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
      reports: {
        perClientPerHour: read.int('REPORTS_PER_CLIENT_PER_HOUR', 30, 1, 100_000),
        perIdentification: read.int('REPORTS_PER_IDENTIFICATION', 3, 1, 1000),
        maxCommentChars: read.int('REPORT_COMMENT_MAX_CHARS', 1000, 1, 100_000),
        clientHashKey: read.secret('CLIENT_HASH_KEY', 16),
      },
      maxStringLength: read.int('MAX_STRING_LENGTH', 200, 1, 1_000_000),
      maxIdLength: read.int('MAX_ID_LENGTH', 4096, 1, 1_000_000),
    },
    http: {
      headersTimeoutMs: read.int('HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
      requestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000),
      maxConnections: read.int('MAX_CONNECTIONS', 1024, 1, 1_000_000),
      maxUploadsInFlight: 0, // set below: its default follows the admission limits
    },
    identifications: {
      store: read.bool('STORE_IDENTIFICATIONS', true),
      reuse: read.bool('REUSE_IDENTIFICATIONS', true),
      maxAgeDays: read.int('IDENTIFICATION_MAX_AGE_DAYS', 30, 0, 36_500),
      maxRows: read.int('IDENTIFICATION_MAX_ROWS', 100_000, 0, 1_000_000_000),
      sweepIntervalMs: read.int('IDENTIFICATION_SWEEP_INTERVAL_MS', 3_600_000, 1000, 86_400_000),
    },
    adminToken: read.secret('ADMIN_TOKEN', 16),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    metrics: read.bool('METRICS', true),
    metricsRequireAuth: read.bool('METRICS_REQUIRE_AUTH', false),
  };
  // As many uploads as the admission gate can run and queue: any more would only be read to be refused.
  config.http.maxUploadsInFlight = read.int('MAX_UPLOADS_IN_FLIGHT', config.inference.maxConcurrent + config.inference.maxQueued, 0, 100_000);
  if (config.inference.maxPixelsInFlight < config.inference.maxInputPixels) {
    problems.push('MAX_PIXELS_IN_FLIGHT must be at least MAX_INPUT_PIXELS (one image at the limit must fit)');
  }
  if (config.metricsRequireAuth && !config.adminToken) problems.push('METRICS_REQUIRE_AUTH=true needs ADMIN_TOKEN');
  if (problems.length > 0) throw new ConfigError(problems);
  config.storage = config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, migrationsDir: path.join(config.migrationsDir, 'pg'), poolSize: config.databasePoolSize }
    : { kind: 'sqlite', path: config.databasePath, migrationsDir: path.join(config.migrationsDir, 'sqlite') };
  return config;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  /** A secret with a minimum length; absent = null. */
  secret(name: string, minLength: number): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    if (value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters long`);
      return null;
    }
    return value;
  }

  /** A postgres:// or postgresql:// URL; absent = null. */
  postgresUrl(name: string): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    if (!/^postgres(ql)?:\/\//.test(value)) {
      this.problems.push(`${name} must be a postgres:// URL (leave it unset to use the SQLite file DATABASE_PATH)`);
      return null;
    }
    return value;
  }

  path(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    return path.isAbsolute(value) || value === ':memory:' ? value : path.resolve(projectRoot, value);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}=${value} must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return parsed;
  }

  optionalInt(name: string, min: number, max: number): number | null {
    return this.raw(name) === undefined ? null : this.int(name, 0, min, max);
  }

  float(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}=${value} must be a number between ${min} and ${max}`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}=${value} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}=${value} must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  list(name: string, fallback: string[], allowed?: string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    const unknown = allowed ? items.filter((item) => !allowed.includes(item)) : [];
    if (items.length === 0 || unknown.length > 0) {
      this.problems.push(
        `${name}=${value} must be a comma-separated list${allowed ? ` of ${allowed.join(', ')}` : ''}`,
      );
      return fallback;
    }
    return items;
  }
}
