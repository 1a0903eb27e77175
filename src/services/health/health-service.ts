/** Liveness and readiness: what /health, /ready and the `health` query report. */
import type { Storage } from '../../db/storage.js';
import { ListingRepository } from '../../db/repositories/listings.js';
import { PriceModelRepository } from '../../db/repositories/price-models.js';
import { VehicleRepository } from '../../db/repositories/vehicles.js';

export interface ModelStatusReport {
  id: string;
  task: string;
  present: boolean;
  version: string | null;
  provider: string | null;
  detail: string | null;
}

/** Components that can say whether they are ready (the inference service, the price models). */
export interface ReadinessSource {
  models(): ModelStatusReport[];
  /** Null when ready, else why not. */
  notReadyReason(): string | null;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  database: boolean;
  /** The storage in use, without credentials (e.g. `sqlite:carvalue.sqlite`, `postgres://db.internal:5432/carvalue`). */
  storage: string;
  migrationsApplied: number;
  vehicles: number;
  listings: number;
  priceModelVersion: number | null;
  models: ModelStatusReport[];
  problems: string[];
}

export class HealthService {
  private readonly startedAt = Date.now();
  private readonly sources: ReadinessSource[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly version: string,
    private readonly expectedMigrations: number,
    /** Folders whose absolute path must not appear in a report (shown relative instead). */
    private readonly hiddenRoots: readonly string[] = [],
  ) {}

  register(source: ReadinessSource): void {
    this.sources.push(source);
  }

  async report(): Promise<HealthReport> {
    const problems: string[] = [];
    let databaseOpen = false;
    let migrationsApplied = 0;
    let vehicles = 0;
    let listingCount = 0;
    let priceModelVersion: number | null = null;
    try {
      const { storage } = this;
      [migrationsApplied, vehicles, listingCount, priceModelVersion] = await Promise.all([
        storage.appliedMigrations(),
        new VehicleRepository(storage).count(),
        new ListingRepository(storage).count(),
        new PriceModelRepository(storage).activeVersion().then((active) => active?.version ?? null),
      ]);
      databaseOpen = true;
    } catch (error) {
      problems.push(`database: ${(error as Error).message}`);
    }
    if (databaseOpen && migrationsApplied < this.expectedMigrations) {
      problems.push(`database: ${migrationsApplied} of ${this.expectedMigrations} migrations applied`);
    }
    for (const source of this.sources) {
      const reason = source.notReadyReason();
      if (reason) problems.push(reason);
    }
    return {
      status: problems.length === 0 ? 'ok' : 'degraded',
      version: this.version,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      database: databaseOpen,
      storage: this.storage.location,
      migrationsApplied,
      vehicles,
      listings: listingCount,
      priceModelVersion,
      models: this.sources.flatMap((source) => source.models()).map((model) => ({ ...model, detail: model.detail && this.hidePaths(model.detail) })),
      problems: problems.map((problem) => this.hidePaths(problem)),
    };
  }

  /** /ready and `health` are public: file paths are shown relative to the folders they live in. */
  private hidePaths(text: string): string {
    return hideAbsolutePaths(text, this.hiddenRoots);
  }
}

/** Replaces each root folder (longest first) by a relative form, and any other absolute path by its file name. */
export function hideAbsolutePaths(text: string, roots: readonly string[]): string {
  let out = text;
  for (const root of [...roots].sort((a, b) => b.length - a.length)) {
    out = out.split(`${root.replace(/\/+$/, '')}/`).join('');
  }
  return out.replace(/(^|[\s"'(])(?:\/[^\s/:"']+)+\/([^\s/:"']+)/g, '$1$2');
}
