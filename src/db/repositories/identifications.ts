/** Stored identifications (results and image hash, never the image). */
import { eq } from 'drizzle-orm';
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

  findById(id: string): IdentificationRow | undefined {
    return this.db.select().from(identifications).where(eq(identifications.id, id)).get();
  }
}
