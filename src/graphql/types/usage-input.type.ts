import { Field, Float, InputType, Int } from 'type-graphql';
import { Fuel, Transmission } from './enums.js';
import type { Fuel as FuelValue, Transmission as TransmissionValue } from '../../pricing/types.js';

@InputType({
  description:
    "What the photo cannot tell: the car's year and mileage, and optionally its fuel, gearbox and power " +
    "(left out, the car model's most common variant in the listings is assumed, and the estimate says so).",
})
export class UsageInput {
  @Field(() => Int, { description: 'Model year (first registration): the years the market data supports (2009-2022 for the shipped data).' })
  year!: number;

  @Field(() => Int, { description: 'Mileage in km, 0 to 990,000.' })
  mileageKm!: number;

  @Field(() => Fuel, { nullable: true, description: "Default: the car model's most common fuel." })
  fuel?: FuelValue | null;

  @Field(() => Transmission, { nullable: true, description: "Default: the car model's most common gearbox." })
  transmission?: TransmissionValue | null;

  @Field(() => Int, { nullable: true, description: "Power in hp, 4 to 1,000. Default: the car model's most common power." })
  powerHp?: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'New price in EUR (500 to 5,000,000): helps price a car model that has no listings.',
  })
  newPrice?: number | null;
}
