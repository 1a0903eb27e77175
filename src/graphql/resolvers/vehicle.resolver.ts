import { Arg, ArgsType, Args, Ctx, Field, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DepreciationCurve } from '../types/depreciation.type.js';
import type { GraphQLContext } from '../context.js';
import { vehicleLoaders } from '../loaders.js';
import type { VehicleService } from '../../services/vehicles/vehicle-service.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';
import { VehicleConnection } from '../types/connection.type.js';
import { Vehicle, VehicleGeneration, VehicleLabel } from '../types/vehicle.type.js';

@ArgsType()
class VehiclesArgs {
  @Field(() => String, { nullable: true, description: 'Make, any case or accents ("mercedes" finds Mercedes-Benz).' })
  make?: string | null;

  @Field(() => String, { nullable: true, description: 'Model, any case or accents ("Classe E" finds E-Class).' })
  model?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the start (default 20, at most 100).' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the end (at most 100).' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

@Resolver(() => Vehicle)
export class VehicleResolver {
  constructor(
    private readonly vehicleService: VehicleService,
    private readonly pricing: PricingService,
  ) {}

  @Query(() => Vehicle, { description: 'One catalog vehicle; NOT_FOUND when the id is unknown.' })
  vehicle(@Arg('id', () => ID) id: string): Promise<Vehicle> {
    return this.vehicleService.get(id);
  }

  @Query(() => VehicleConnection, { description: 'Catalog vehicles ordered by id, filtered by make/model.' })
  vehicles(@Args(() => VehiclesArgs) args: VehiclesArgs): Promise<VehicleConnection> {
    const { make, model, ...page } = args;
    return this.vehicleService.list({ make, model }, page);
  }

  @FieldResolver(() => DepreciationCurve, {
    nullable: true,
    description: 'Estimated value by age for a typical car of this model; null without listings or a new price.',
  })
  async depreciation(
    @Root() vehicle: Vehicle,
    @Arg('years', () => Int, { nullable: true, description: 'Last age of the curve (default 15, at most 50).' }) years: number | null,
    @Arg('mileageKmPerYear', () => Int, { nullable: true, description: 'Default: 15,000 km per year.' })
    mileageKmPerYear: number | null,
    @Arg('newPrice', () => Float, { nullable: true, description: 'New price (EUR) for a model without one in the catalog.' })
    newPrice: number | null,
  ): Promise<DepreciationCurve | null> {
    const curve = await this.pricing.depreciation(vehicle.id, {
      years: years ?? undefined,
      mileageKmPerYear: mileageKmPerYear ?? undefined,
      newPrice,
    });
    return curve && { ...curve, currency: 'EUR' };
  }

  @FieldResolver(() => [VehicleGeneration], {
    description: 'Generations with their engine options and dimensions, oldest first (empty when no source describes the model).',
  })
  generations(@Root() vehicle: Vehicle, @Ctx() context: GraphQLContext): Promise<VehicleGeneration[]> {
    return vehicleLoaders(context, this.vehicleService).generations.load(vehicle.id);
  }

  @FieldResolver(() => [VehicleLabel], { description: 'Photo classes and class ids of the classifiers that map to this vehicle.' })
  labels(@Root() vehicle: Vehicle, @Ctx() context: GraphQLContext): Promise<VehicleLabel[]> {
    return vehicleLoaders(context, this.vehicleService).labels.load(vehicle.id);
  }

  @FieldResolver(() => Int, { description: 'Used-car listings of this model in the price training set.' })
  listingsCount(@Root() vehicle: Vehicle, @Ctx() context: GraphQLContext): Promise<number> {
    return vehicleLoaders(context, this.vehicleService).listingsCount.load(vehicle.id);
  }
}
