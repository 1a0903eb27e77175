/**
 * Replayable estimates: every estimate answered is stored (one insert) with
 * the request, the car as priced, the model version and the market date of
 * its data, and can be fetched again by id (node(id)) exactly as answered.
 */
import { randomUUID } from 'node:crypto';
import type { NewPriceEstimateRow, ReplayRepository } from '../../db/repositories/replay.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';
import type { PricedEstimate, PriceRequest } from './pricing-service.js';

/** An estimate with the id it was stored under. */
export type RecordedEstimate = PricedEstimate & { id: string; storedAt: Date };

export const ESTIMATE_ID_PREFIX = 'est_';

export class EstimateStore {
  /** Rows of the estimates answered since the last write, with their requests waiting on it. */
  private pending: { row: NewPriceEstimateRow; done: (error?: unknown) => void }[] = [];

  constructor(
    private readonly replay: ReplayRepository,
    private readonly vehicles: VehicleService,
  ) {}

  async record(estimate: PricedEstimate, request: PriceRequest): Promise<RecordedEstimate> {
    const id = `${ESTIMATE_ID_PREFIX}${randomUUID()}`;
    const storedAt = new Date();
    const { vehicle, ...result } = estimate;
    await this.write({
      id,
      modelVersion: estimate.modelVersion,
      asOf: estimate.data.asOf,
      vehicleModelId: vehicle?.id ?? null,
      request,
      result,
      createdAt: storedAt.toISOString(),
    });
    return { ...estimate, id, storedAt };
  }

  /**
   * Resolves once the row is stored, so that node(id) finds an answered id.
   * Rows of estimates answered in the same turn of the event loop are written
   * together (one commit instead of one per estimate under load).
   */
  private write(row: NewPriceEstimateRow): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      await this.replay.insertEstimates(batch.map((entry) => entry.row));
      for (const entry of batch) entry.done();
    } catch (error) {
      for (const entry of batch) entry.done(error ?? new Error('could not store the estimates'));
    }
  }

  /** Deletes the estimates older than `maxAgeMs` (the identifications' retention window); returns how many. */
  sweep(maxAgeMs: number, now: Date = new Date()): Promise<number> {
    return this.replay.deleteEstimatesBefore(new Date(now.getTime() - maxAgeMs).toISOString());
  }

  /** The stored estimate, or null when there is none with this id. */
  async get(id: string): Promise<RecordedEstimate | null> {
    if (!id.startsWith(ESTIMATE_ID_PREFIX)) return null;
    const row = await this.replay.findEstimate(id);
    if (!row) return null;
    const vehicle = row.vehicleModelId !== null ? (await this.vehicles.getMany([row.vehicleModelId]))[0] : null;
    return { ...(row.result as Omit<PricedEstimate, 'vehicle'>), vehicle, id: row.id, storedAt: new Date(row.createdAt) };
  }
}
