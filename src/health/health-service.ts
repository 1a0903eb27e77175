/** Liveness and readiness: what /health, /ready and the `health` query report. */
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.js';
import { listings, priceModelVersions, vehicleModels } from '../db/tables.js';

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
    private readonly database: DatabaseHandle,
    private readonly version: string,
    private readonly expectedMigrations: number,
  ) {}

  register(source: ReadinessSource): void {
    this.sources.push(source);
  }

  report(): HealthReport {
    const problems: string[] = [];
    let databaseOpen = false;
    let migrationsApplied = 0;
    let vehicles = 0;
    let listingCount = 0;
    let priceModelVersion: number | null = null;
    try {
      const { db } = this.database;
      migrationsApplied = this.database.appliedMigrations();
      vehicles = db.select({ n: sql<number>`count(*)` }).from(vehicleModels).get()!.n;
      listingCount = db.select({ n: sql<number>`count(*)` }).from(listings).get()!.n;
      priceModelVersion =
        db
          .select({ version: priceModelVersions.version })
          .from(priceModelVersions)
          .where(sql`${priceModelVersions.active} = 1`)
          .get()?.version ?? null;
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
      migrationsApplied,
      vehicles,
      listings: listingCount,
      priceModelVersion,
      models: this.sources.flatMap((source) => source.models()),
      problems,
    };
  }
}
