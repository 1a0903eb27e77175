import { Field, Float, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import type { CarModelFigures } from '../../pricing/model-card.js';

@ObjectType({ description: 'Out-of-sample error figures of one method.' })
export class PriceMethodFigures {
  @Field(() => String)
  method!: string;

  @Field(() => String, { description: 'How they were measured, e.g. "k-fold cross-validation over all listings".' })
  validation!: string;

  @Field(() => Int, { description: 'Listings they were measured on.' })
  rows!: number;

  @Field(() => Float, { description: 'Mean absolute error, EUR.' })
  mae!: number;

  @Field(() => Float, { description: 'Mean absolute percentage error (fraction).' })
  mape!: number;

  @Field(() => Float, { nullable: true, description: 'Median absolute percentage error (fraction).' })
  medianApe!: number | null;

  @Field(() => Float, { description: 'Root mean squared error, EUR.' })
  rmse!: number;

  @Field(() => Float, { nullable: true, description: 'Share of held-out prices inside their 80% interval.' })
  coverage!: number | null;
}

@ObjectType({ description: 'The interval and its measured coverage within one band of the predicted price.' })
export class PriceBandFigures {
  @Field(() => String)
  method!: string;

  @Field(() => Float, { nullable: true, description: 'Lowest predicted price of the band, EUR (null: open).' })
  from!: number | null;

  @Field(() => Float, { nullable: true, description: 'Predicted price where the next band starts, EUR (null: open).' })
  to!: number | null;

  @Field(() => Int)
  rows!: number;

  @Field(() => Float, { description: 'Low bound of the interval as a multiple of the estimate minus one (-0.2: 20% below).' })
  intervalLow!: number;

  @Field(() => Float, { description: 'High bound, likewise (0.25: 25% above).' })
  intervalHigh!: number;

  @Field(() => Float, { nullable: true, description: 'Measured out of sample.' })
  coverage!: number | null;
}

@ObjectType()
export class MethodShare {
  @Field(() => String)
  method!: string;

  @Field(() => Int, { description: 'Car models for which cross-validation chose it.' })
  carModels!: number;
}

@ObjectType({ description: 'The chosen method of every car model with listings, weighted by its listings.' })
export class ChosenMethodFigures {
  @Field(() => Int)
  rows!: number;

  @Field(() => Float)
  mape!: number;

  @Field(() => Float, { nullable: true })
  medianApe!: number | null;

  @Field(() => Float, { nullable: true, description: "Coverage of the car models' own intervals." })
  coverage!: number | null;

  @Field(() => [MethodShare])
  methods!: MethodShare[];
}

@ObjectType()
export class CandidateMape {
  @Field(() => String)
  method!: string;

  @Field(() => Float)
  mape!: number;
}

@ObjectType({ description: 'Cross-validated figures of one car model.' })
export class CarModelPriceFigures {
  @Field(() => String, { description: 'Catalog vehicle id.' })
  vehicleId!: string;

  @Field(() => String, { description: 'The method cross-validation chose.' })
  method!: string;

  @Field(() => Int)
  trainingRows!: number;

  @Field(() => Float)
  mape!: number;

  @Field(() => Float, { nullable: true })
  medianApe!: number | null;

  @Field(() => Float)
  mae!: number;

  @Field(() => Float, { nullable: true })
  coverage!: number | null;

  @Field(() => [CandidateMape], { description: 'Every method compared for this car model.' })
  candidates!: CandidateMape[];
}

@ObjectType({ description: 'What the active price models were trained on and how well they did out of sample.' })
export class PriceModelCard {
  @Field(() => Int, { description: 'Version of the stored price models.' })
  modelVersion!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the version was trained and stored.' })
  trainedAt!: Date;

  @Field(() => String, { description: 'Fingerprint of the training code and options.' })
  trainer!: string;

  @Field(() => String, { description: 'What the prices are, e.g. "asking prices, AutoScout24 Germany".' })
  basis!: string;

  @Field(() => String, { nullable: true, description: 'Market date of the prices.' })
  asOf!: string | null;

  @Field(() => Int, { description: 'Age counts from this model year.' })
  referenceYear!: number;

  @Field(() => Int)
  trainingRows!: number;

  @Field(() => Int, { description: 'Car models with listings.' })
  carModels!: number;

  @Field(() => Int)
  makes!: number;

  @Field(() => Int)
  modelYearFrom!: number;

  @Field(() => Int)
  modelYearTo!: number;

  @Field(() => Float)
  intervalLevel!: number;

  @Field(() => [PriceMethodFigures], { description: 'The market-wide methods.' })
  methods!: PriceMethodFigures[];

  @Field(() => [PriceBandFigures], { description: 'Intervals and coverage by band of the predicted price.' })
  byPriceBand!: PriceBandFigures[];

  @Field(() => ChosenMethodFigures)
  chosen!: ChosenMethodFigures;

  /** Not exposed: the card's car models, for the byCarModel field resolver. */
  carModelFigures!: readonly CarModelFigures[];
}
