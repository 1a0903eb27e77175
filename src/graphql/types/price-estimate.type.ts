import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Vehicle } from './vehicle.type.js';

@ObjectType({ description: 'Estimated used price with an 80% prediction interval.' })
export class PriceEstimate {
  @Field(() => Float)
  amount!: number;

  @Field(() => Float, { description: 'Lower bound of the 80% prediction interval.' })
  low!: number;

  @Field(() => Float, { description: 'Upper bound of the 80% prediction interval.' })
  high!: number;

  @Field(() => String, { description: 'ISO 4217 code.' })
  currency!: string;

  @Field(() => String, { description: 'Which stored model answered, e.g. "linear", "tree", "pooled".' })
  method!: string;

  @Field(() => Int, { description: 'Version of the stored price models.' })
  modelVersion!: number;

  @Field(() => Vehicle, { nullable: true })
  vehicle!: Vehicle | null;
}
