import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from './connection.type.js';
import { PricedCar } from './price-estimate.type.js';

@ObjectType({ description: 'A real listing of the same car model, and how it differs from the priced car.' })
export class ComparableListing {
  @Field(() => ID, { description: 'Listing id.' })
  id!: string;

  @Field(() => String, { description: 'Catalog car model of the listing: always the priced car\'s.' })
  vehicleId!: string;

  @Field(() => Float, { description: 'Asking price, EUR.' })
  price!: number;

  @Field(() => PricedCar, { description: 'The listed car (newPrice where the listing gives one).' })
  car!: PricedCar;

  @Field(() => String, { nullable: true, description: 'Engine code or variant as listed ("320d").' })
  variant!: string | null;

  @Field(() => Float, {
    description: 'Distance to the priced car: |years| + |km| / 20,000 + |hp| / 20 + 2 if the fuel differs + 1 if the gearbox differs.',
  })
  distance!: number;

  @Field(() => [String], { description: 'How it differs from the priced car, e.g. "2 years older", "30,000 km more", "diesel"; empty: the same car.' })
  differences!: string[];
}

@ObjectType()
export class ComparableEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ComparableListing)
  node!: ComparableListing;
}

@ObjectType({ description: 'Listings of the same car model, nearest first (Relay connection).' })
export class ComparableConnection {
  @Field(() => [ComparableEdge])
  edges!: ComparableEdge[];

  @Field(() => [ComparableListing])
  nodes!: ComparableListing[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Listings of the car model, all pages together (0 for a car model without listings).' })
  totalCount!: number;
}
