import { Arg, ID, Query, Resolver } from 'type-graphql';
import { Node } from '../types/node.type.js';
import { toPriceEstimate } from '../mappers/price-estimate.mapper.js';
import { ESTIMATE_ID_PREFIX, type EstimateStore } from '../../services/pricing/estimate-store.js';
import type { IdentificationService } from '../../services/identification/identification-service.js';
import { AppError } from '../../errors.js';

const MAX_ID_LENGTH = 100;

@Resolver()
export class NodeResolver {
  constructor(
    private readonly estimates: EstimateStore,
    private readonly identifications: IdentificationService,
  ) {}

  @Query(() => Node, {
    nullable: true,
    description: 'A stored answer by its id, as it was answered: a PriceEstimate (ids "est_...") or an Identification; null when there is none (or it expired).',
  })
  async node(@Arg('id', () => ID) id: string): Promise<Node | null> {
    if (id.length > MAX_ID_LENGTH) return null;
    if (id.startsWith(ESTIMATE_ID_PREFIX)) {
      const estimate = await this.estimates.get(id);
      return estimate ? toPriceEstimate(estimate) : null;
    }
    try {
      return await this.identifications.get(id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}
