/** Stored answers for replay: price estimates by id, identifications by image hash. */
import { and, desc, eq, gte, lt } from 'drizzle-orm';
import type { Scope } from '../storage.js';
import type { IdentificationRow, PriceEstimateRow } from '../tables.js';

export type NewPriceEstimateRow = Scope['tables']['priceEstimates']['$inferInsert'];

export class ReplayRepository {
  constructor(private readonly scope: Scope) {}

  /** Estimates answered together, in one statement and one commit: the whole cost of making estimates replayable. */
  async insertEstimates(rows: readonly NewPriceEstimateRow[]): Promise<void> {
    await this.scope.bulkInsert('priceEstimates', rows);
  }

  /** Deletes the estimates stored before `isoDate`; returns how many. */
  async deleteEstimatesBefore(isoDate: string): Promise<number> {
    const { db, tables } = this.scope;
    const t = tables.priceEstimates;
    return (await db.delete(t).where(lt(t.createdAt, isoDate)).returning({ id: t.id })).length;
  }

  async findEstimate(id: string): Promise<PriceEstimateRow | undefined> {
    const { db, tables } = this.scope;
    const [row] = await db.select().from(tables.priceEstimates).where(eq(tables.priceEstimates.id, id)).limit(1);
    return row;
  }

  /** The newest identification of this image by this classifier version, created at or after `sinceIso`. */
  async latestIdentificationOfImage(sha256: string, modelId: string, modelVersion: string, sinceIso: string): Promise<IdentificationRow | undefined> {
    const { db, tables } = this.scope;
    const t = tables.identifications;
    const [row] = await db
      .select()
      .from(t)
      .where(and(eq(t.imageSha256, sha256), eq(t.modelId, modelId), eq(t.modelVersion, modelVersion), gte(t.createdAt, sinceIso)))
      .orderBy(desc(t.createdAt))
      .limit(1);
    return row;
  }
}
