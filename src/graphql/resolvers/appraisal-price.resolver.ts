import { FieldResolver, Resolver, Root } from 'type-graphql';
import { toAppraisalPrice } from '../mappers/appraisal-price.mapper.js';
import { Appraisal } from '../types/appraisal.type.js';
import { AppraisalPrice } from '../types/appraisal-price.type.js';
import { appraisalPrice } from '../../services/pricing/appraisal-price.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';
import type { EstimateStore } from '../../services/pricing/estimate-store.js';

@Resolver(() => Appraisal)
export class AppraisalPriceResolver {
  constructor(
    private readonly pricing: PricingService,
    private readonly estimates: EstimateStore,
  ) {}

  @FieldResolver(() => AppraisalPrice, {
    nullable: true,
    description:
      'The price to show: the top candidate\'s estimate when IDENTIFIED, the mixture over the candidates when AMBIGUOUS; null with an error for UNKNOWN_MODEL.',
  })
  async price(@Root() { identification, usage }: Appraisal): Promise<AppraisalPrice> {
    const price = await appraisalPrice(this.pricing, identification, usage);
    const recorded = await Promise.all(price.components.map((c) => this.estimates.record(c.estimate, c.request)));
    return toAppraisalPrice(price, recorded);
  }
}
