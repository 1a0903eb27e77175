import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Vehicle } from './vehicle.type.js';

@ObjectType({ description: 'A stored price model with its cross-validated figures.' })
export class PriceModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Boolean, { description: 'Whether its version is the one serving estimates.' })
  active!: boolean;

  @Field(() => String, { description: 'linear, tree, pooled (shared by all car models) or pooled-offset.' })
  kind!: string;

  @Field(() => Boolean, { description: 'Chosen by cross-validation to answer for its car model.' })
  chosen!: boolean;

  @Field(() => Vehicle, { nullable: true, description: 'Null for the pooled model shared by all car models.' })
  vehicle!: Vehicle | null;

  @Field(() => [String])
  features!: string[];

  @Field(() => Int)
  trainingRows!: number;

  @Field(() => Float, { nullable: true, description: 'Cross-validated mean absolute error, EUR.' })
  mae!: number | null;

  @Field(() => Float, { nullable: true, description: 'Cross-validated mean absolute percentage error (fraction).' })
  mape!: number | null;

  @Field(() => Float, { nullable: true, description: 'Cross-validated root mean squared error, EUR.' })
  rmse!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of cross-validated prices inside their 80% interval.' })
  coverage!: number | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}
