/**
 * reportIdentification: a user says what the car in an identified photo
 * really was. Stored with the identification for the next training run.
 * Open to everyone, so bounded: a comment length, a number of reports per
 * identification and per client per hour (counted in the database).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { AppError, badInput, notFound } from '../../errors.js';
import type { IdentificationReportRepository } from '../../db/repositories/identification-reports.js';
import type { IdentificationRepository } from '../../db/repositories/identifications.js';
import type { StoredResult } from './identification-service.js';
import type { IdentificationReport, TrainingCorrection } from './types.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';

export interface ReportLimits {
  perClientPerHour: number;
  perIdentification: number;
  maxCommentChars: number;
  /** Replicas given the same key count a client's reports together; null: a random key of this process. */
  clientHashKey: string | null;
}

export interface ReportInput {
  identificationId: string;
  correctVehicleId?: string | null;
  comment?: string | null;
}

const HOUR_MS = 3_600_000;

export class ReportService {
  /** Client addresses are stored as a keyed hash, never as such. */
  private readonly key: Buffer;

  constructor(
    private readonly reports: IdentificationReportRepository,
    private readonly identifications: IdentificationRepository,
    private readonly vehicles: VehicleService,
    private readonly limits: ReportLimits,
    /** Told each stored report (metrics). */
    private readonly onReport: (withVehicle: boolean) => void = () => {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = limits.clientHashKey ? Buffer.from(limits.clientHashKey) : randomBytes(32);
  }

  async report(input: ReportInput, clientAddress: string): Promise<IdentificationReport> {
    const comment = input.comment?.trim() || null;
    const correctVehicleId = input.correctVehicleId?.trim() || null;
    if (!comment && !correctVehicleId) throw badInput('Give "correctVehicleId", "comment" or both', 'correctVehicleId');
    if (comment && comment.length > this.limits.maxCommentChars) {
      throw badInput(`"comment" is longer than ${this.limits.maxCommentChars} characters`, 'comment');
    }
    if (!(await this.identifications.findById(input.identificationId))) throw notFound(`No identification with id "${input.identificationId.slice(0, 100)}"`);
    const [correctVehicle] = correctVehicleId ? await this.vehicles.getMany([correctVehicleId]) : [null];
    if (correctVehicleId && correctVehicle === null) {
      throw badInput(`No vehicle with id "${correctVehicleId.slice(0, 100)}"`, 'correctVehicleId');
    }
    if ((await this.reports.countForIdentification(input.identificationId)) >= this.limits.perIdentification) {
      throw new AppError('RATE_LIMITED', `This identification already has ${this.limits.perIdentification} reports`, {
        limit: this.limits.perIdentification,
      });
    }
    const clientHash = createHmac('sha256', this.key).update(clientAddress).digest('hex');
    const since = new Date(this.now().getTime() - HOUR_MS).toISOString();
    if ((await this.reports.countFromClientSince(clientHash, since)) >= this.limits.perClientPerHour) {
      throw new AppError('RATE_LIMITED', `At most ${this.limits.perClientPerHour} reports per hour`, {
        limit: this.limits.perClientPerHour,
        retryAfterSeconds: 3600,
      });
    }
    const row = await this.reports.insert({ id: randomUUID(), identificationId: input.identificationId, correctVehicleModelId: correctVehicleId, comment, clientHash });
    this.onReport(correctVehicleId !== null);
    return { id: row.id, identificationId: row.identificationId, correctVehicle, comment: row.comment, createdAt: new Date(row.createdAt) };
  }

  /** Reports made since `since`, oldest first, with what they correct (npm run export:reports). */
  async corrections(since: Date): Promise<TrainingCorrection[]> {
    const rows = await this.reports.listWithIdentificationsSince(since.toISOString());
    const named = [...new Set(rows.flatMap(({ report }) => (report.correctVehicleModelId ? [report.correctVehicleModelId] : [])))];
    const labelsOf = new Map((await this.vehicles.labels(named)).map((labels, i) => [named[i], labels]));
    return rows.map(({ report, identification }) => {
      const stored = identification.result as StoredResult;
      const correct = report.correctVehicleModelId;
      return {
        reportId: report.id,
        reportedAt: new Date(report.createdAt),
        comment: report.comment,
        identificationId: identification.id,
        image: { sha256: identification.imageSha256, width: identification.imageWidth, height: identification.imageHeight },
        classifier: { id: identification.modelId, version: identification.modelVersion },
        predicted: { label: identification.topLabel, confidence: identification.confidence, outcome: stored.outcome ?? null },
        correctVehicleId: correct,
        correctLabels: (correct ? labelsOf.get(correct)! : []).map(({ label, origin }) => ({ label, origin })),
      };
    });
  }
}
