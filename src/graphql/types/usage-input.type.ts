import { Field, Float, InputType, Int } from 'type-graphql';
import { Fuel, Transmission } from './enums.js';
import type { Fuel as FuelValue, Transmission as TransmissionValue } from '../../pricing/types.js';

@InputType({ description: 'What the photo cannot tell: the car\'s year, mileage, fuel, gearbox and power.' })
export class UsageInput {
  @Field(() => Int, { description: 'Model year (1950 to next year).' })
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
