import { Arg, Float, Query, Resolver } from 'type-graphql';
import { toOfferRating } from '../mappers/offer-rating.mapper.js';
import { OfferRating } from '../types/offer-rating.type.js';
import { PriceInput } from '../types/price-input.type.js';
import { rateOfferFor } from '../../services/pricing/offer-rating.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';
import type { EstimateStore } from '../../services/pricing/estimate-store.js';

@Resolver()
export class OfferRatingResolver {
  constructor(
    private readonly pricing: PricingService,
    private readonly estimates: EstimateStore,
  ) {}

  @Query(() => OfferRating, {
    description: 'Rates an asking price GREAT, GOOD, FAIR, HIGH or OVERPRICED against the estimate (NO_RATING with the reason when data is thin).',
  })
  async rateOffer(
    @Arg('input', () => PriceInput) input: PriceInput,
    @Arg('askingPrice', () => Float, { description: 'EUR, 1 to 1,000,000.' }) askingPrice: number,
  ): Promise<OfferRating> {
    const { estimate, rating } = await rateOfferFor(this.pricing, input, askingPrice);
    return toOfferRating(await this.estimates.record(estimate, input), rating);
  }
}
