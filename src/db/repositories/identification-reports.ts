/** User corrections of identifications, kept for the next training run. */
import { and, count, eq, gte } from 'drizzle-orm';
import type { Db } from '../client.js';
import { identificationReports, type IdentificationReportRow } from '../tables.js';

export type NewIdentificationReport = typeof identificationReports.$inferInsert;

export class IdentificationReportRepository {
  constructor(private readonly db: Db) {}

  insert(row: NewIdentificationReport): IdentificationReportRow {
    return this.db.insert(identificationReports).values(row).returning().get();
  }

  countForIdentification(identificationId: string): number {
    return this.db.select({ n: count() }).from(identificationReports).where(eq(identificationReports.identificationId, identificationId)).get()?.n ?? 0;
  }

  /** Reports from one client since an ISO time (the rate limit survives restarts). */
  countFromClientSince(clientHash: string, since: string): number {
    return (
      this.db
        .select({ n: count() })
        .from(identificationReports)
        .where(and(eq(identificationReports.clientHash, clientHash), gte(identificationReports.createdAt, since)))
        .get()?.n ?? 0
    );
  }

  listForIdentification(identificationId: string): IdentificationReportRow[] {
    return this.db.select().from(identificationReports).where(eq(identificationReports.identificationId, identificationId)).all();
  }
}
