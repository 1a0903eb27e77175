import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Appraisal } from '../types/appraisal.type.js';
import { UsageInput } from '../types/usage-input.type.js';
import { PriceEstimate } from '../types/price-estimate.type.js';
import { UploadScalar, type FileUpload } from '../scalars/upload.scalar.js';
import { readUpload } from '../uploads.js';
import { toPriceEstimate } from '../mappers/price-estimate.mapper.js';
import { AppError, badInput } from '../../errors.js';
import type { IdentificationService } from '../../services/identification/identification-service.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';

@Resolver(() => Appraisal)
export class AppraisalResolver {
  constructor(
    private readonly identification: IdentificationService,
    private readonly pricing: PricingService,
  ) {}

  @Mutation(() => Appraisal, { description: 'Identify the car in a photo and price its top candidate, in one round trip.' })
  async appraiseVehicle(
    @Arg('image', () => UploadScalar) image: Promise<FileUpload>,
    @Arg('usage', () => UsageInput) usage: UsageInput,
    @Arg('topK', () => Int, { nullable: true }) topK: number | null,
    @Ctx() { limits, signal }: GraphQLContext,
  ): Promise<Appraisal> {
    const identification = await this.identification.identify(await readUpload(image, limits.maxUploadBytes), topK, signal);
    return { identification, usage };
  }

  @FieldResolver(() => PriceEstimate, { nullable: true })
  async estimate(@Root() { identification, usage }: Appraisal): Promise<PriceEstimate> {
    const vehicle = identification.vehicle;
    // The top candidate of an unknown model is only the nearest known one: its price would be another car's.
    if (identification.outcome === 'UNKNOWN_MODEL') {
      const nearest = identification.candidates[0]?.label ?? '?';
      throw new AppError('BAD_USER_INPUT', `This is a car we do not know yet (nearest known model: "${nearest}"), so it is not priced`, {
        field: 'image',
        outcome: 'UNKNOWN_MODEL',
      });
    }
    if (!vehicle) {
      throw badInput(`The top candidate "${identification.candidates[0]?.label ?? '?'}" is not a catalog car model, so it cannot be priced`, 'image');
    }
    return toPriceEstimate(await this.pricing.estimate({ ...usage, make: vehicle.make, model: vehicle.model, vehicleId: vehicle.id }));
  }
}
