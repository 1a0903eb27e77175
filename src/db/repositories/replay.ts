/** Stored answers for replay: price estimates by id, identifications by image hash (async, dialect-neutral drizzle). */
import { and, desc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { identifications, priceEstimates, type IdentificationRow, type PriceEstimateRow } from '../tables.js';

export type NewPriceEstimateRow = typeof priceEstimates.$inferInsert;

export class ReplayRepository {
  constructor(private readonly db: Db) {}

  /** One insert per estimate: the whole cost of making estimates replayable. */
  async insertEstimate(row: NewPriceEstimateRow): Promise<void> {
    await this.db.insert(priceEstimates).values(row);
  }

  /** Deletes the estimates stored before `isoDate`; returns how many. */
  async deleteEstimatesBefore(isoDate: string): Promise<number> {
    const deleted = await this.db.delete(priceEstimates).where(lt(priceEstimates.createdAt, isoDate)).returning({ id: priceEstimates.id });
    return deleted.length;
  }

  async findEstimate(id: string): Promise<PriceEstimateRow | undefined> {
    const [row] = await this.db.select().from(priceEstimates).where(eq(priceEstimates.id, id)).limit(1);
    return row;
  }

  /** The newest identification of this image by this classifier version, created at or after `sinceIso`. */
  async latestIdentificationOfImage(sha256: string, modelId: string, modelVersion: string, sinceIso: string): Promise<IdentificationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(identifications)
      .where(
        and(
          eq(identifications.imageSha256, sha256),
          eq(identifications.modelId, modelId),
          eq(identifications.modelVersion, modelVersion),
          gte(identifications.createdAt, sinceIso),
        ),
      )
      .orderBy(desc(identifications.createdAt))
      .limit(1);
    return row;
  }
}
