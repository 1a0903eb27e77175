import { Field, Float, ObjectType } from 'type-graphql';
import { PriceEstimate } from './price-estimate.type.js';

@ObjectType({ description: 'One candidate car model of an appraisal, with its probability and its own estimate.' })
export class AppraisalComponent {
  @Field(() => [String], { description: 'Classifier labels of the candidates that are this car model.' })
  labels!: string[];

  @Field(() => Float, { description: 'Probability among the priced candidates (they sum to 1).' })
  probability!: number;

  @Field(() => PriceEstimate)
  estimate!: PriceEstimate;
}

@ObjectType({
  description:
    'The price of a photographed car with the identification\'s doubt in it: for an AMBIGUOUS identification the probability-weighted ' +
    "mixture of the candidates' predictive distributions (median and 10th/90th percentiles), so look-alikes priced apart widen the interval.",
})
export class AppraisalPrice {
  @Field(() => Float, { description: 'EUR: the mixture\'s median (the estimate itself for one car model).' })
  amount!: number;

  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float)
  intervalLevel!: number;

  @Field(() => Boolean, { description: 'More than one car model was priced: amount and interval are the mixture\'s.' })
  mixed!: boolean;

  @Field(() => [AppraisalComponent], { description: 'Each priced car model, most probable first.' })
  components!: AppraisalComponent[];

  @Field(() => Float, { description: 'Probability of candidates outside the catalog, left out before normalising.' })
  unpricedProbability!: number;
}
