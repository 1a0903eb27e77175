import type { RecordedEstimate } from '../../services/pricing/estimate-store.js';
import { toPriceEstimate } from './price-estimate.mapper.js';
import type { OfferRating as Rating } from '../../services/pricing/offer-rating.js';
import type { OfferRating } from '../types/offer-rating.type.js';

export function toOfferRating(estimate: RecordedEstimate, rating: Rating): OfferRating {
  const common = { askingPrice: rating.askingPrice, estimate: toPriceEstimate(estimate) };
  if (rating.label === 'NO_RATING') {
    return { ...common, label: 'NO_RATING', reason: rating.reason, cutPoints: null, percentile: null, nextLabel: null, marginEur: null };
  }
  const [good, fair, high, overpriced] = rating.cutPoints;
  return {
    ...common,
    label: rating.label,
    reason: null,
    cutPoints: { good, fair, high, overpriced },
    percentile: rating.percentile,
    nextLabel: rating.nextLabel,
    marginEur: rating.marginEur,
  };
}
