/** Builds the executable schema from the type-graphql resolvers. */
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { HealthResolver } from './resolvers/health.resolver.js';
import { VehicleResolver } from './resolvers/vehicle.resolver.js';
import { IdentificationResolver } from './resolvers/identification.resolver.js';
import { PricingResolver } from './resolvers/pricing.resolver.js';
import { AdminResolver } from './resolvers/admin.resolver.js';
import { AppraisalResolver } from './resolvers/appraisal.resolver.js';
import { PriceEstimateResolver } from './resolvers/price-estimate.resolver.js';
import { OfferRatingResolver } from './resolvers/offer-rating.resolver.js';
import { AppraisalPriceResolver } from './resolvers/appraisal-price.resolver.js';
import { PriceModelCardResolver } from './resolvers/price-model-card.resolver.js';
import { NodeResolver } from './resolvers/node.resolver.js';

export const resolvers = [VehicleResolver, PricingResolver, IdentificationResolver, AppraisalResolver, AdminResolver, HealthResolver, PriceEstimateResolver, OfferRatingResolver, AppraisalPriceResolver, PriceModelCardResolver, NodeResolver] as const;

/** `container` holds the resolver instances built in main.ts; without one (printing the SDL) no resolver runs. */
export function createSchema(container?: ContainerType): Promise<GraphQLSchema> {
  // Input checks live in the services (they name the field in BAD_USER_INPUT errors).
  return buildSchema({ resolvers, container, validate: false });
}

/** The SDL committed in schema/schema.graphql: sorted, so it diffs well. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
