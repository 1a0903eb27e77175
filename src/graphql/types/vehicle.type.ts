import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Characteristics from a named source; null where no source gives them.' })
export class VehicleCharacteristics {
  @Field(() => Int, { nullable: true })
  powerHpMin!: number | null;

  @Field(() => Int, { nullable: true })
  powerHpMax!: number | null;

  @Field(() => [String], { description: 'PETROL, DIESEL, HYBRID, ELECTRIC or LPG.' })
  fuelTypes!: string[];

  @Field(() => [String])
  transmissions!: string[];

  @Field(() => [String])
  drivenWheels!: string[];

  @Field(() => Int, { nullable: true })
  doors!: number | null;

  @Field(() => String, { nullable: true })
  vehicleSize!: string | null;

  @Field(() => Int, { nullable: true, description: 'Lowest US list price (USD) of the matched trims.' })
  msrpUsdMin!: number | null;

  @Field(() => Int, { nullable: true })
  msrpUsdMax!: number | null;

  @Field(() => String, { nullable: true, description: 'Where these characteristics come from.' })
  source!: string | null;
}

@ObjectType({ description: 'A car model of the catalog: one generation, or one class of the shipped classifier.' })
export class Vehicle {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  make!: string;

  @Field(() => String)
  model!: string;

  @Field(() => String, { nullable: true, description: 'Chassis code or facelift, e.g. "LCI F20".' })
  generation!: string | null;

  @Field(() => Int, { nullable: true })
  yearFrom!: number | null;

  @Field(() => Int, { nullable: true, description: 'Null while in production or unknown.' })
  yearTo!: number | null;

  @Field(() => Boolean)
  inProduction!: boolean;

  @Field(() => String, { nullable: true })
  bodyStyle!: string | null;

  @Field(() => String, { nullable: true })
  bodyStyleSource!: string | null;

  @Field(() => Float, { nullable: true, description: 'New list price in EUR.' })
  newPrice!: number | null;

  @Field(() => String, { nullable: true })
  newPriceSource!: string | null;

  @Field(() => VehicleCharacteristics)
  characteristics!: VehicleCharacteristics;

  @Field(() => String, { description: 'The class id or listings file this catalog row was seeded from.' })
  sourceLabel!: string;
}
