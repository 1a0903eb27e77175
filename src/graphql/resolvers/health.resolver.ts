import { Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Health } from '../types/health.type.js';

@Resolver()
export class HealthResolver {
  @Query(() => Health, { description: 'Readiness of the database and the models.' })
  health(@Ctx() { services }: GraphQLContext): Health {
    return services.health.report();
  }
}
