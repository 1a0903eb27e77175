import { Field, ObjectType } from 'type-graphql';
import { Identification } from './identification.type.js';
import { PriceEstimate } from './price-estimate.type.js';
import { UsageInput } from './usage-input.type.js';

@ObjectType({ description: 'A photo identified and the top candidate priced, in one round trip.' })
export class Appraisal {
  @Field(() => Identification)
  identification!: Identification;

  @Field(() => PriceEstimate, {
    nullable: true,
    description:
      'Price of the top candidate; null with an error when it cannot be priced (outcome UNKNOWN_MODEL: a car we do not know yet; a top candidate outside the catalog; usage out of range). ' +
      'When the outcome is AMBIGUOUS the top candidate is a guess: show `price`, the mixture over the candidates.',
  })
  estimate?: PriceEstimate | null;

  /** Not exposed: what the estimate field resolver prices. */
  usage!: UsageInput;
}
