import { Arg, ArgsType, Args, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { VehicleConnection } from '../types/connection.type.js';
import { Vehicle } from '../types/vehicle.type.js';

@ArgsType()
class VehiclesArgs {
  @Field(() => String, { nullable: true, description: 'Make, any case or accents ("mercedes" finds Mercedes-Benz).' })
  make?: string | null;

  @Field(() => String, { nullable: true, description: 'Model, any case or accents ("Classe E" finds E-Class).' })
  model?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the start (default 20, at most 100).' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size from the end (at most 100).' })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

@Resolver(() => Vehicle)
export class VehicleResolver {
  @Query(() => Vehicle, { description: 'One catalog vehicle; NOT_FOUND when the id is unknown.' })
  vehicle(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Vehicle {
    return services.vehicles.get(id);
  }

  @Query(() => VehicleConnection, { description: 'Catalog vehicles ordered by id, filtered by make/model.' })
  vehicles(@Args(() => VehiclesArgs) args: VehiclesArgs, @Ctx() { services }: GraphQLContext): VehicleConnection {
    const { make, model, ...page } = args;
    return services.vehicles.list({ make, model }, page);
  }

  @FieldResolver(() => Int, { description: 'Used-car listings of this model in the price training set.' })
  listingsCount(@Root() vehicle: Vehicle, @Ctx() { loaders }: GraphQLContext): Promise<number> {
    return loaders.listingsCount.load(vehicle.id);
  }
}
