/** Stored identifications (results and image hash, never the image). */
import { desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { identifications, type IdentificationRow } from '../tables.js';

export type NewIdentification = typeof identifications.$inferInsert;

export class IdentificationRepository {
  constructor(private readonly db: Db) {}

  insert(row: NewIdentification): IdentificationRow {
    return this.db.insert(identifications).values(row).returning().get();
  }

  delete(id: string): boolean {
    return this.db.delete(identifications).where(eq(identifications.id, id)).run().changes > 0;
  }

  /** Deletes the rows created before `isoDate`; returns how many. */
  deleteCreatedBefore(isoDate: string): number {
    return this.db.delete(identifications).where(lt(identifications.createdAt, isoDate)).run().changes;
  }

  /** Keeps the `maxRows` newest rows (by creation time, then id), deletes the rest; returns how many. */
  keepNewest(maxRows: number): number {
    const boundary = this.db
      .select({ createdAt: identifications.createdAt, id: identifications.id })
      .from(identifications)
      .orderBy(desc(identifications.createdAt), desc(identifications.id))
      .limit(1)
      .offset(maxRows)
      .get();
    if (!boundary) return 0;
    return this.db
      .delete(identifications)
      .where(
        sql`(${identifications.createdAt} < ${boundary.createdAt}) OR (${identifications.createdAt} = ${boundary.createdAt} AND ${identifications.id} <= ${boundary.id})`,
      )
      .run().changes;
  }

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(identifications).get()?.n ?? 0;
  }

  findById(id: string): IdentificationRow | undefined {
    return this.db.select().from(identifications).where(eq(identifications.id, id)).get();
  }
}
