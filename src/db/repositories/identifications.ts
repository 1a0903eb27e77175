/** Stored identifications (results and image hash, never the image). */
import { count, desc, eq, lt, sql } from 'drizzle-orm';
import type { Scope } from '../storage.js';
import type { IdentificationRow } from '../tables.js';

export type NewIdentification = Scope['tables']['identifications']['$inferInsert'];

export class IdentificationRepository {
  constructor(private readonly scope: Scope) {}

  async insert(row: NewIdentification): Promise<IdentificationRow> {
    const { db, tables } = this.scope;
    const [inserted] = await db.insert(tables.identifications).values(row).returning();
    return inserted;
  }

  async delete(id: string): Promise<boolean> {
    const { db, tables } = this.scope;
    const t = tables.identifications;
    return (await db.delete(t).where(eq(t.id, id)).returning({ id: t.id })).length > 0;
  }

  /** Deletes the rows created before `isoDate`; returns how many. */
  async deleteCreatedBefore(isoDate: string): Promise<number> {
    const { db, tables } = this.scope;
    const t = tables.identifications;
    return (await db.delete(t).where(lt(t.createdAt, isoDate)).returning({ id: t.id })).length;
  }

  /** Keeps the `maxRows` newest rows (by creation time, then id), deletes the rest; returns how many. */
  async keepNewest(maxRows: number): Promise<number> {
    const { db, tables } = this.scope;
    const t = tables.identifications;
    const [boundary] = await db
      .select({ createdAt: t.createdAt, id: t.id })
      .from(t)
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(1)
      .offset(maxRows);
    if (!boundary) return 0;
    const deleted = await db
      .delete(t)
      .where(sql`(${t.createdAt} < ${boundary.createdAt}) OR (${t.createdAt} = ${boundary.createdAt} AND ${t.id} <= ${boundary.id})`)
      .returning({ id: t.id });
    return deleted.length;
  }

  async count(): Promise<number> {
    const { db, tables } = this.scope;
    const [row] = await db.select({ n: count() }).from(tables.identifications);
    return row?.n ?? 0;
  }

  async findById(id: string): Promise<IdentificationRow | undefined> {
    const { db, tables } = this.scope;
    const [row] = await db.select().from(tables.identifications).where(eq(tables.identifications.id, id));
    return row;
  }
}
