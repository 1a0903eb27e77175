import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Appraisal } from '../types/appraisal.type.js';
import { UsageInput } from '../types/usage-input.type.js';
import { PriceEstimate } from '../types/price-estimate.type.js';
import { UploadScalar, type FileUpload } from '../scalars/upload.scalar.js';
import { readUpload } from '../uploads.js';
import { toPriceEstimate } from '../mappers/price-estimate.mapper.js';
import { badInput } from '../../errors.js';
import type { IdentificationService } from '../../services/identification/identification-service.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';
import type { EstimateStore } from '../../services/pricing/estimate-store.js';
import { refuseUnknownModel } from '../../services/pricing/appraisal-price.js';

@Resolver(() => Appraisal)
export class AppraisalResolver {
  constructor(
    private readonly identification: IdentificationService,
    private readonly pricing: PricingService,
    private readonly estimates: EstimateStore,
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
    refuseUnknownModel(identification);
    if (!vehicle) {
      throw badInput(`The top candidate "${identification.candidates[0]?.label ?? '?'}" is not a catalog car model, so it cannot be priced`, 'image');
    }
    const request = { ...usage, make: vehicle.make, model: vehicle.model, vehicleId: vehicle.id };
    return toPriceEstimate(await this.estimates.record(await this.pricing.estimate(request), request));
  }
}
