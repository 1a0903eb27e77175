import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { Fuel, Transmission } from './enums.js';
import { Identification } from './identification.type.js';
import { PriceEstimate } from './price-estimate.type.js';
import type { Fuel as FuelValue, Transmission as TransmissionValue } from '../../pricing/types.js';

@InputType({ description: 'What the photo cannot tell: the car\'s year, mileage, fuel, gearbox and power.' })
export class UsageInput {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  mileageKm!: number;

  @Field(() => Fuel)
  fuel!: FuelValue;

  @Field(() => Transmission)
  transmission!: TransmissionValue;

  @Field(() => Int)
  powerHp!: number;

  @Field(() => Float, { nullable: true, description: 'New price in EUR, for a car model without listings or catalog new price.' })
  newPrice?: number | null;
}

@ObjectType({ description: 'A photo identified and the top candidate priced, in one round trip.' })
export class Appraisal {
  @Field(() => Identification)
  identification!: Identification;

  @Field(() => PriceEstimate, {
    nullable: true,
    description: 'Price of the top candidate; null with an error when it cannot be priced (e.g. no listings and no newPrice).',
  })
  estimate?: PriceEstimate | null;

  /** Not exposed: what the estimate field resolver prices. */
  usage!: UsageInput;
}
