import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Node } from './node.type.js';
import { Fuel, Transmission } from './enums.js';
import { Vehicle } from './vehicle.type.js';
import type { Fuel as FuelValue, Transmission as TransmissionValue } from '../../pricing/types.js';
import type { PricedEstimate } from '../../services/pricing/pricing-service.js';

@ObjectType({ description: 'A value the caller left out and the estimate assumed.' })
export class PriceAssumption {
  @Field(() => String, { description: 'fuel, transmission or powerHp.' })
  field!: string;

  @Field(() => String)
  value!: string;

  @Field(() => String, { description: 'Where the value comes from, e.g. the most common variant of the car model\'s listings.' })
  source!: string;
}

@ObjectType({ description: 'The car the estimate was computed for: the values given and the ones assumed.' })
export class PricedCar {
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

  @Field(() => Float, { nullable: true })
  newPrice!: number | null;
}

@ObjectType({ description: 'Estimated used price with an 80% prediction interval.', implements: Node })
export class PriceEstimate implements Node {
  @Field(() => ID, { description: 'Stored with its inputs, model version and data date: node(id) answers it again as it was.' })
  id!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the estimate was answered (and stored).' })
  storedAt!: Date;

  @Field(() => Float)
  amount!: number;

  @Field(() => Float, { description: 'Lower bound of the 80% prediction interval.' })
  low!: number;

  @Field(() => Float, { description: 'Upper bound of the 80% prediction interval.' })
  high!: number;

  @Field(() => String, { description: 'ISO 4217 code.' })
  currency!: string;

  @Field(() => String, {
    description:
      'Which stored model answered: "gbm" (boosted trees on all listings), "linear" or "tree" (the car model\'s own listings), ' +
      '"blend" (gbm and linear), "pooled"/"pooled-offset" (new-price model), "gbm-make" (a car model without listings, from its make), ' +
      '"gbm-make-new-price" (the make\'s depreciation applied to the given new price).',
  })
  method!: string;

  @Field(() => String, { nullable: true, description: 'Market date of the prices, e.g. "2021": prices are for that market, not for today.' })
  asOf!: string | null;

  @Field(() => String, { description: 'What the prices are, e.g. "asking prices, AutoScout24 Germany".' })
  basis!: string;

  @Field(() => Int, { description: "Listings behind this estimate: the car model's, else its make's, else all." })
  listingsCount!: number;

  @Field(() => PricedCar, { description: 'The car as priced, assumed values included.' })
  car!: PricedCar;

  @Field(() => [PriceAssumption], { description: 'Values the caller left out and the estimate assumed (editable inputs for a form).' })
  assumptions!: PriceAssumption[];

  @Field(() => Int, { description: 'Version of the stored price models.' })
  modelVersion!: number;

  @Field(() => Vehicle, { nullable: true, description: 'The catalog car model, when it is known.' })
  vehicle!: Vehicle | null;

  @Field(() => Float, { description: 'Probability the interval is meant to cover (0.8).' })
  intervalLevel!: number;

  @Field(() => Float, { description: 'Cross-validated mean absolute percentage error of the method used (fraction).' })
  expectedError!: number;

  @Field(() => Boolean, { description: 'Whether the car model has listings of its own; if not the estimate comes from its make (or new price).' })
  hasListings!: boolean;

  @Field(() => Float, { nullable: true, description: 'New price (EUR) the estimate was based on, for the new-price methods.' })
  newPriceUsed!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Set when the car model's own fit was bypassed because the car lies outside its listings.",
  })
  fallbackFrom!: string | null;

  @Field(() => Int, { description: 'Listings the price models were trained on.' })
  trainingRows!: number;

  /** Not exposed: the engine's answer, for the field resolvers (explanation, comparables, curve). */
  priced!: PricedEstimate;
}
