import { Field, Int, ObjectType } from 'type-graphql';
import { Vehicle } from './vehicle.type.js';

@ObjectType({ description: 'A listings file imported whole, and the price models retrained on it.' })
export class ListingsImport {
  @Field(() => Int)
  imported!: number;

  @Field(() => [Vehicle], { description: 'Car models the new listings belong to.' })
  vehicles!: Vehicle[];

  @Field(() => Int, { description: 'The new active price model version.' })
  priceModelVersion!: number;
}

@ObjectType({ description: 'A retraining of the price models.' })
export class PriceTraining {
  @Field(() => Int, { description: 'The new active version.' })
  version!: number;

  @Field(() => Int)
  carModels!: number;

  @Field(() => Int)
  trainingRows!: number;

  @Field(() => String, { description: 'Cross-validated metrics table (linear vs tree vs pooled vs chosen).' })
  report!: string;
}
