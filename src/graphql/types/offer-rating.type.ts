import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { PriceEstimate } from './price-estimate.type.js';
import { OFFER_LABELS, type OfferLabel } from '../../services/pricing/offer-rating.js';

export const OfferRatingLabel = Object.fromEntries([...OFFER_LABELS, 'NO_RATING'].map((label) => [label, label])) as {
  [K in OfferLabel | 'NO_RATING']: K;
};
registerEnumType(OfferRatingLabel, {
  name: 'OfferLabel',
  description: "Where an asking price lies in the estimate's predictive distribution (cut points: its 10th, 30th, 70th and 90th percentiles).",
  valuesConfig: {
    GREAT: { description: 'Below the 10th percentile (the low bound of the 80% interval).' },
    GOOD: { description: '10th to 30th percentile.' },
    FAIR: { description: '30th to 70th percentile, around the estimate.' },
    HIGH: { description: '70th to 90th percentile.' },
    OVERPRICED: { description: 'At or above the 90th percentile (the high bound of the 80% interval).' },
    NO_RATING: { description: 'Too little data to rate: `reason` says why.' },
  },
});

@ObjectType({ description: 'Prices (EUR) where each label starts: the 10th, 30th, 70th and 90th percentiles of the predictive distribution.' })
export class OfferCutPoints {
  @Field(() => Float)
  good!: number;

  @Field(() => Float)
  fair!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float)
  overpriced!: number;
}

@ObjectType({
  description:
    "An asking price rated against the estimate. The 80% interval gives the predictive distribution's 10th and 90th percentiles, the " +
    'estimate its median, linear in between.',
})
export class OfferRating {
  @Field(() => OfferRatingLabel)
  label!: OfferLabel | 'NO_RATING';

  @Field(() => String, { nullable: true, description: 'Why there is no rating (NO_RATING only).' })
  reason!: string | null;

  @Field(() => Float)
  askingPrice!: number;

  @Field(() => PriceEstimate, { description: 'The estimate the asking price is rated against.' })
  estimate!: PriceEstimate;

  @Field(() => OfferCutPoints, { nullable: true })
  cutPoints!: OfferCutPoints | null;

  @Field(() => Float, { nullable: true, description: 'Where the asking price lies in the predictive distribution, 0-100.' })
  percentile!: number | null;

  @Field(() => OfferRatingLabel, { nullable: true, description: 'The label across the nearest cut point.' })
  nextLabel!: OfferLabel | null;

  @Field(() => Float, { nullable: true, description: 'How far (EUR) the asking price is from that cut point.' })
  marginEur!: number | null;
}
