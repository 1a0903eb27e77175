/** User corrections of identifications, kept for the next training run. */
import { and, asc, count, eq, gte } from 'drizzle-orm';
import type { Scope } from '../storage.js';
import type { IdentificationReportRow, IdentificationRow } from '../tables.js';

export type NewIdentificationReport = Scope['tables']['identificationReports']['$inferInsert'];

export class IdentificationReportRepository {
  constructor(private readonly scope: Scope) {}

  async insert(row: NewIdentificationReport): Promise<IdentificationReportRow> {
    const { db, tables } = this.scope;
    const [inserted] = await db.insert(tables.identificationReports).values(row).returning();
    return inserted;
  }

  async countForIdentification(identificationId: string): Promise<number> {
    const { db, tables } = this.scope;
    const [row] = await db.select({ n: count() }).from(tables.identificationReports).where(eq(tables.identificationReports.identificationId, identificationId));
    return row?.n ?? 0;
  }

  /** Reports from one client since an ISO time (the rate limit survives restarts and is shared by replicas). */
  async countFromClientSince(clientHash: string, since: string): Promise<number> {
    const { db, tables } = this.scope;
    const t = tables.identificationReports;
    const [row] = await db.select({ n: count() }).from(t).where(and(eq(t.clientHash, clientHash), gte(t.createdAt, since)));
    return row?.n ?? 0;
  }

  async listForIdentification(identificationId: string): Promise<IdentificationReportRow[]> {
    const { db, tables } = this.scope;
    return db.select().from(tables.identificationReports).where(eq(tables.identificationReports.identificationId, identificationId));
  }

  /** Reports made since an ISO time, oldest first, each with the identification it corrects. */
  async listWithIdentificationsSince(since: string): Promise<{ report: IdentificationReportRow; identification: IdentificationRow }[]> {
    const { db, tables } = this.scope;
    const r = tables.identificationReports;
    const i = tables.identifications;
    return db
      .select({ report: r, identification: i })
      .from(r)
      .innerJoin(i, eq(r.identificationId, i.id))
      .where(gte(r.createdAt, since))
      .orderBy(asc(r.createdAt), asc(r.id));
  }
}
