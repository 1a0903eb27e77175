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

  @Field(() => Vehicle, { nullable: true, description: 'The catalog car model, when it is known.' })
  vehicle!: Vehicle | null;

  @Field(() => Float, { description: 'Probability the interval is meant to cover (0.8).' })
  intervalLevel!: number;

  @Field(() => Float, { description: 'Cross-validated mean absolute percentage error of the method used (fraction).' })
  expectedError!: number;

  @Field(() => Boolean, { description: 'Whether the car model has listings of its own; if not the estimate comes from its new price.' })
  hasListings!: boolean;

  @Field(() => Float, { nullable: true, description: 'New price (EUR) the estimate was based on, for the pooled methods.' })
  newPriceUsed!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Set when the car model's own fit was bypassed because the car lies outside its listings.",
  })
  fallbackFrom!: string | null;

  @Field(() => Int, { description: 'Listings the answering model was trained on.' })
  trainingRows!: number;
}
