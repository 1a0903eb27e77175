import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { vehicleLoaders } from '../loaders.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';
import type { EstimateStore } from '../../services/pricing/estimate-store.js';
import type { VehicleService } from '../../services/vehicles/vehicle-service.js';
import { PriceEstimate } from '../types/price-estimate.type.js';
import { PriceInput } from '../types/price-input.type.js';
import { PriceModel } from '../types/price-model.type.js';
import { toPriceEstimate } from '../mappers/price-estimate.mapper.js';

@Resolver()
export class PricingResolver {
  constructor(
    private readonly pricing: PricingService,
    private readonly estimates: EstimateStore,
    private readonly vehicles: VehicleService,
  ) {}

  @Query(() => PriceEstimate, {
    description: 'Estimated used price from the stored models (never retrained per request), with an 80% interval.',
  })
  async estimatePrice(@Arg('input', () => PriceInput) input: PriceInput): Promise<PriceEstimate> {
    return toPriceEstimate(await this.estimates.record(await this.pricing.estimate(input), input));
  }

  @Query(() => [PriceModel], {
    description: 'Stored price models with their cross-validated figures: compare linear, tree and pooled per car model.',
  })
  async priceModels(
    @Arg('vehicleId', () => ID, { nullable: true, description: 'Only this car model (the pooled model is listed with no vehicle).' })
    vehicleId: string | null,
    @Arg('version', () => Int, { nullable: true, description: 'Default: the active version.' }) version: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<PriceModel[]> {
    const stored = await this.pricing.storedModels(version, vehicleId);
    const loaders = vehicleLoaders(context, this.vehicles);
    return Promise.all(
      stored.rows.map(async (row) => ({
        id: String(row.id),
        version: row.version,
        active: stored.active,
        kind: row.kind,
        chosen: row.chosen,
        vehicle: row.vehicleModelId ? await loaders.vehicle.load(row.vehicleModelId) : null,
        features: row.features as string[],
        trainingRows: row.trainingRows,
        mae: row.mae,
        mape: row.mape,
        rmse: row.rmse,
        coverage: row.coverage,
        createdAt: new Date(row.createdAt),
      })),
    );
  }
}
