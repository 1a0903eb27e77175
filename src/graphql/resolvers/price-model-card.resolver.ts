import { Arg, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { toCarModelPriceFigures, toPriceModelCard } from '../mappers/price-model-card.mapper.js';
import { CarModelPriceFigures, PriceModelCard } from '../types/price-model-card.type.js';
import { badInput } from '../../errors.js';
import type { ModelCardService } from '../../services/pricing/model-card.js';

const MAX_CAR_MODELS = 1_000;

@Resolver(() => PriceModelCard)
export class PriceModelCardResolver {
  constructor(private readonly modelCards: ModelCardService) {}

  @Query(() => PriceModelCard, {
    description: 'Model card of the active price models: data basis and date, training rows, cross-validated error by price band and by car model, measured interval coverage.',
  })
  async modelCard(): Promise<PriceModelCard> {
    return toPriceModelCard(await this.modelCards.card());
  }

  @FieldResolver(() => [CarModelPriceFigures], { description: 'Car models with at least minListings listings, most listings first.' })
  byCarModel(
    @Root() card: PriceModelCard,
    @Arg('minListings', () => Int, { defaultValue: 20 }) minListings: number,
    @Arg('first', () => Int, { defaultValue: 50, description: `1 to ${MAX_CAR_MODELS}.` }) first: number,
  ): CarModelPriceFigures[] {
    if (!Number.isInteger(minListings) || minListings < 0) throw badInput('minListings must be 0 or more', 'minListings');
    if (!Number.isInteger(first) || first < 1 || first > MAX_CAR_MODELS) throw badInput(`first must be from 1 to ${MAX_CAR_MODELS}`, 'first');
    return card.carModelFigures
      .filter((figures) => figures.trainingRows >= minListings)
      .slice(0, first)
      .map(toCarModelPriceFigures);
  }
}
