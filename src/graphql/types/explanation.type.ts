import { Field, Float, Int, ObjectType } from 'type-graphql';
import { PricedCar } from './price-estimate.type.js';

@ObjectType({ description: 'What one input adds to (or takes from) the price, against the reference car.' })
export class PriceContribution {
  @Field(() => String, { description: 'The input: age, mileage, fuel, transmission, power or newPrice.' })
  feature!: string;

  @Field(() => String, { description: 'The car\'s value in words, with the reference car\'s, e.g. "mileage 120,000 km (typical 64,000 km)".' })
  value!: string;

  @Field(() => Float, { description: 'EUR, to the cent (negative: the input lowers the price).' })
  amountEur!: number;
}

@ObjectType({
  description:
    'Why the price is what it is: baseline + the sum of contributions = amount, to the cent. The contributions are the exact Shapley ' +
    'values of the whole estimator (method, fallback and price floor included) against the reference car.',
})
export class PriceExplanation {
  @Field(() => Float, { description: 'Estimate of the reference car (EUR), where the contributions start.' })
  baseline!: number;

  @Field(() => PricedCar, {
    description: "The reference car: median year, mileage and power, most common fuel and gearbox of the car model's listings (else its make's, else all).",
  })
  reference!: PricedCar;

  @Field(() => Int, { description: 'Listings the reference car was taken from.' })
  referenceListings!: number;

  @Field(() => [PriceContribution], { description: 'The inputs in which the car differs from the reference, largest effect first.' })
  contributions!: PriceContribution[];
}
