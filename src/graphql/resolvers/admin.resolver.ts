import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { requireAdmin } from '../guards.js';
import { AdminJob, AdminJobKind, AdminJobStatus } from '../types/admin.type.js';
import { UploadScalar, type FileUpload } from '../scalars/upload.scalar.js';
import { readUpload } from '../uploads.js';
import { notFound } from '../../errors.js';
import type { AdminJob as Job } from '../../services/listings/admin-jobs.js';
import type { AdminJobs } from '../../services/listings/admin-jobs.js';
import type { ImportOutcome } from '../../services/listings/import-listings.js';
import type { IdentificationService } from '../../services/identification/identification-service.js';
import type { VehicleService } from '../../services/vehicles/vehicle-service.js';

/** Longest wait of `wait: true`: inside the request deadline, whatever it is configured to. */
const waitBudget = (context: GraphQLContext): number => Math.max(0, context.limits.requestTimeoutMs - 2000);

/** Mutations and queries of admin jobs: each needs the admin bearer token. */
@Resolver()
export class AdminResolver {
  constructor(
    private readonly jobs: AdminJobs,
    private readonly identifications: IdentificationService,
    private readonly vehicles: VehicleService,
  ) {}

  @Mutation(() => AdminJob, {
    description:
      'Admin: import a listings CSV (the AutoScout24 market columns or the study\'s French columns), as a background job. ' +
      'Rows are cleaned (each dropped row counted by rule), rows stored already are skipped, and the price models are ' +
      'retrained when there are new rows; the rows and the new models are stored together or not at all.',
  })
  async importListings(
    @Arg('file', () => UploadScalar) file: Promise<FileUpload>,
    @Arg('wait', () => Boolean, { defaultValue: false, description: 'Answer when the job has ended (or the request deadline is near).' })
    wait: boolean,
    @Ctx() context: GraphQLContext,
  ): Promise<AdminJob> {
    requireAdmin(context);
    const upload = await file;
    const bytes = await readUpload(upload, context.limits.maxUploadBytes, 'file');
    const job = this.jobs.submit({ kind: 'import', file: bytes, sourceName: (upload.filename || 'upload.csv').slice(0, 200) });
    return this.answer(job, wait, context);
  }

  @Mutation(() => AdminJob, { description: 'Admin: retrain the price models from the listings as a background job, and activate the new version.' })
  async retrainPriceModels(
    @Arg('wait', () => Boolean, { defaultValue: false, description: 'Answer when the job has ended (or the request deadline is near).' })
    wait: boolean,
    @Ctx() context: GraphQLContext,
  ): Promise<AdminJob> {
    requireAdmin(context);
    return this.answer(this.jobs.submit({ kind: 'retrain' }), wait, context);
  }

  @Query(() => AdminJob, { description: 'Admin: an admin job by id (the newest 50 finished jobs are kept).' })
  adminJob(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<AdminJob> {
    requireAdmin(context);
    const job = this.jobs.get(id);
    if (!job) throw notFound(`No admin job with id "${id.slice(0, 100)}"`);
    return this.toAdminJob(job);
  }

  @Query(() => [AdminJob], { description: 'Admin: admin jobs, newest first.' })
  adminJobs(@Ctx() context: GraphQLContext): Promise<AdminJob[]> {
    requireAdmin(context);
    return Promise.all(this.jobs.list().map((job) => this.toAdminJob(job)));
  }

  @Mutation(() => Boolean, { description: 'Admin: delete a stored identification. False when there was none.' })
  deleteIdentification(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): Promise<boolean> {
    requireAdmin(context);
    return this.identifications.delete(id);
  }

  private async answer(job: Job, wait: boolean, context: GraphQLContext): Promise<AdminJob> {
    const current = wait ? ((await this.jobs.wait(job.id, waitBudget(context))) ?? job) : job;
    return this.toAdminJob(current);
  }

  private async toAdminJob(job: Job): Promise<AdminJob> {
    const succeeded = job.status === 'SUCCEEDED';
    const imported = succeeded && job.kind === 'import' ? (job.result as ImportOutcome) : null;
    const trained = succeeded && job.kind === 'retrain' ? (job.result as { version: number; listings: number }) : null;
    return {
      id: job.id,
      kind: job.kind === 'import' ? AdminJobKind.IMPORT : AdminJobKind.RETRAIN,
      status: AdminJobStatus[job.status],
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      progress: job.progress,
      error: job.error,
      listingsImport: imported && {
        ...imported.report,
        vehicles: (await this.vehicles.getMany(imported.vehicleIds)).filter((vehicle) => vehicle !== null),
        priceModelVersion: imported.priceModelVersion,
        retrained: imported.retrained,
      },
      priceTraining: trained,
    };
  }
}
