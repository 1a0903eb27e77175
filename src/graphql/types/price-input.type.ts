import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Fuel, Transmission } from './enums.js';
import type { Fuel as FuelValue, Transmission as TransmissionValue } from '../../pricing/types.js';

@InputType({ description: 'The car to price. Make and model match the catalog whatever the case, accents or language.' })
export class PriceInput {
  @Field(() => String, { description: 'e.g. "Mercedes", "BMW".' })
  make!: string;

  @Field(() => String, { description: 'e.g. "Classe E", "Série 3", "RAV4".' })
  model!: string;

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

  @Field(() => Float, { nullable: true, description: 'New price in EUR; needed for a car model without listings or new price in the catalog.' })
  newPrice?: number | null;

  @Field(() => ID, { nullable: true, description: 'Catalog vehicle id; takes precedence over make/model.' })
  vehicleId?: string | null;
}
