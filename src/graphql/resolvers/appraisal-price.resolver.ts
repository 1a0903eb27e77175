import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { toAppraisalPrice } from '../mappers/appraisal-price.mapper.js';
import { Appraisal } from '../types/appraisal.type.js';
import { AppraisalPrice } from '../types/appraisal-price.type.js';
import { appraisalPrice } from '../../services/pricing/appraisal-price.js';

@Resolver(() => Appraisal)
export class AppraisalPriceResolver {
  @FieldResolver(() => AppraisalPrice, {
    nullable: true,
    description:
      'The price to show: the top candidate\'s estimate when IDENTIFIED, the mixture over the candidates when AMBIGUOUS; null with an error for UNKNOWN_MODEL.',
  })
  async price(@Root() { identification, usage }: Appraisal, @Ctx() { services }: GraphQLContext): Promise<AppraisalPrice> {
    const price = appraisalPrice(services.pricing, identification, usage);
    const recorded = await Promise.all(price.components.map((c) => services.estimates.record(c.estimate, c.request)));
    return toAppraisalPrice(price, recorded);
  }
}
