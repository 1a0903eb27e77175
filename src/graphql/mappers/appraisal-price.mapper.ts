import { toPriceEstimate } from '../../pricing/estimate-mapper.js';
import type { AppraisalPrice as Price } from '../../services/pricing/appraisal-price.js';
import type { AppraisalPrice } from '../types/appraisal-price.type.js';

export function toAppraisalPrice(price: Price): AppraisalPrice {
  return {
    ...price,
    components: price.components.map((c) => ({ labels: c.labels, probability: c.probability, estimate: toPriceEstimate(c.estimate) })),
  };
}
