import { toPriceEstimate } from './price-estimate.mapper.js';
import type { AppraisalPrice as Price } from '../../services/pricing/appraisal-price.js';
import type { RecordedEstimate } from '../../services/pricing/estimate-store.js';
import type { AppraisalPrice } from '../types/appraisal-price.type.js';

/** `recorded`: the components' estimates as stored, in the same order. */
export function toAppraisalPrice(price: Price, recorded: readonly RecordedEstimate[]): AppraisalPrice {
  return {
    ...price,
    components: price.components.map((c, i) => ({ labels: c.labels, probability: c.probability, estimate: toPriceEstimate(recorded[i]) })),
  };
}
