import { Field, ID, InputType } from 'type-graphql';
import { UsageInput } from './usage-input.type.js';

@InputType({ description: 'The car to price. Make and model match the catalog whatever the case, accents or language.' })
export class PriceInput extends UsageInput {
  @Field(() => String, { description: 'e.g. "Mercedes", "BMW".' })
  make!: string;

  @Field(() => String, { description: 'e.g. "Classe E", "Série 3", "RAV4".' })
  model!: string;

  @Field(() => ID, { nullable: true, description: 'Catalog vehicle id; takes precedence over make/model.' })
  vehicleId?: string | null;
}
