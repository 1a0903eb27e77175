import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Node } from '../types/node.type.js';
import { toPriceEstimate } from '../../pricing/estimate-mapper.js';
import { ESTIMATE_ID_PREFIX } from '../../services/pricing/estimate-store.js';
import { AppError } from '../../errors.js';

const MAX_ID_LENGTH = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'A stored answer by its id, as it was answered: a PriceEstimate (ids "est_...") or an Identification; null when there is none (or it expired).',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<Node | null> {
    if (id.length > MAX_ID_LENGTH) return null;
    if (id.startsWith(ESTIMATE_ID_PREFIX)) {
      const estimate = await services.estimates.get(id);
      return estimate ? toPriceEstimate(estimate) : null;
    }
    try {
      return services.identification.get(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}
