import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { requireAdmin } from '../guards.js';
import { ListingsImport, PriceTraining } from '../types/admin.type.js';
import { UploadScalar, type FileUpload } from '../scalars/upload.scalar.js';
import { readUpload } from '../../identification/image-input.js';


/** Mutations that change data: each needs the admin bearer token. */
@Resolver()
export class AdminResolver {
  @Mutation(() => ListingsImport, {
    description: 'Admin: import a listings CSV (French columns). Every row is validated; the file is imported whole or not at all.',
  })
  async importListings(
    @Arg('file', () => UploadScalar) file: Promise<FileUpload>,
    @Ctx() context: GraphQLContext,
  ): Promise<ListingsImport> {
    requireAdmin(context);
    const upload = await file;
    const bytes = await readUpload(upload, context.limits.maxUploadBytes, 'file');
    const outcome = context.services.listingImport.importCsv(bytes.toString('utf8'), upload.filename || 'upload.csv');
    const vehicles = context.services.vehicles.getMany(outcome.vehicleIds).filter((v) => v !== null);
    return { imported: outcome.imported, vehicles, priceModelVersion: outcome.priceModelVersion };
  }

  @Mutation(() => PriceTraining, { description: 'Admin: retrain the price models from the listings and activate the new version.' })
  retrainPriceModels(@Ctx() context: GraphQLContext): PriceTraining {
    requireAdmin(context);
    const outcome = context.services.pricing.retrain();
    const pooled = outcome.models.find((m) => m.carModel === null);
    return {
      version: outcome.version,
      carModels: outcome.models.length - 1,
      trainingRows: pooled?.trainingRows ?? 0,
      report: outcome.report,
    };
  }

  @Mutation(() => Boolean, { description: 'Admin: delete a stored identification. False when there was none.' })
  deleteIdentification(@Arg('id', () => ID) id: string, @Ctx() context: GraphQLContext): boolean {
    requireAdmin(context);
    return context.services.identification.delete(id);
  }
}
