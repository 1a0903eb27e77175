import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Estimated value at one age, with its 80% interval.' })
export class DepreciationPoint {
  @Field(() => Int)
  age!: number;

  @Field(() => Int, { description: 'Model year of a car of this age.' })
  year!: number;

  @Field(() => Int)
  mileageKm!: number;

  @Field(() => Float)
  amount!: number;

  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;
}

@ObjectType({ description: 'Value by age for a typical car of the model (typical mileage, fuel, gearbox, power).' })
export class DepreciationCurve {
  @Field(() => String)
  method!: string;

  @Field(() => String)
  fuel!: string;

  @Field(() => String)
  transmission!: string;

  @Field(() => Int)
  powerHp!: number;

  @Field(() => Int)
  mileageKmPerYear!: number;

  @Field(() => Float, { nullable: true })
  newPrice!: number | null;

  @Field(() => String)
  currency!: string;

  @Field(() => [DepreciationPoint])
  points!: DepreciationPoint[];
}
