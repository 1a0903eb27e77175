/** User corrections of identifications, kept for the next training run. */
import { and, count, eq, gte } from 'drizzle-orm';
import type { Scope } from '../storage.js';
import type { IdentificationReportRow } from '../tables.js';

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
}
