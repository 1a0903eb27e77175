import { Field, Int, ObjectType } from 'type-graphql';
import { Vehicle } from './vehicle.type.js';

@ObjectType({ description: 'Relay cursor pagination information.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class VehicleEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Vehicle)
  node!: Vehicle;
}

@ObjectType({ description: 'A page of vehicles (Relay connection).' })
export class VehicleConnection {
  @Field(() => [VehicleEdge])
  edges!: VehicleEdge[];

  @Field(() => [Vehicle], { description: 'The nodes of `edges`, for clients that need no cursors.' })
  nodes!: Vehicle[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Vehicles matching the filter, all pages together.' })
  totalCount!: number;
}
