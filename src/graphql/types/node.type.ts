import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({
  description: 'An answer that can be fetched again by its id with node(id) (Relay): price estimates and identifications.',
  // Estimates carry the engine's answer for their field resolvers; identifications do not.
  resolveType: (value: object) => ('priced' in value ? 'PriceEstimate' : 'Identification'),
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
