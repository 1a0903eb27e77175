import type { Explanation } from '../../pricing/explain.js';
import type { PriceExplanation } from '../types/explanation.type.js';

export function toPriceExplanation(explanation: Explanation): PriceExplanation {
  const { reference } = explanation;
  return {
    baseline: explanation.baseline,
    reference: {
      year: reference.year,
      mileageKm: reference.mileageKm,
      fuel: reference.fuel,
      transmission: reference.transmission,
      powerHp: reference.powerHp,
      newPrice: reference.newPrice,
    },
    referenceListings: reference.listings,
    contributions: explanation.contributions.map((c) => ({ feature: c.input, value: c.value, amountEur: c.amountEur })),
  };
}
