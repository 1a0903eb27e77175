import { Arg, Ctx, Float, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { toOfferRating } from '../mappers/offer-rating.mapper.js';
import { OfferRating } from '../types/offer-rating.type.js';
import { PriceInput } from '../types/price-input.type.js';
import { rateOfferFor } from '../../services/pricing/offer-rating.js';

@Resolver()
export class OfferRatingResolver {
  @Query(() => OfferRating, {
    description: 'Rates an asking price GREAT, GOOD, FAIR, HIGH or OVERPRICED against the estimate (NO_RATING with the reason when data is thin).',
  })
  async rateOffer(
    @Arg('input', () => PriceInput) input: PriceInput,
    @Arg('askingPrice', () => Float, { description: 'EUR, 1 to 1,000,000.' }) askingPrice: number,
    @Ctx() { services }: GraphQLContext,
  ): Promise<OfferRating> {
    const { estimate, rating } = rateOfferFor(services.pricing, input, askingPrice);
    return toOfferRating(await services.estimates.record(estimate, input), rating);
  }
}
