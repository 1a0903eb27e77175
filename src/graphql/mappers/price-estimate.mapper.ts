import type { PriceEstimate } from '../types/price-estimate.type.js';
import type { RecordedEstimate } from '../../services/pricing/estimate-store.js';

export function toPriceEstimate(result: RecordedEstimate): PriceEstimate {
  const { query } = result;
  return {
    id: result.id,
    storedAt: result.storedAt,
    amount: result.amount,
    low: result.low,
    high: result.high,
    currency: result.currency,
    method: result.method,
    asOf: result.data.asOf,
    basis: result.data.basis,
    listingsCount: result.listingsCount,
    car: {
      year: query.year,
      mileageKm: query.mileageKm,
      fuel: query.fuel,
      transmission: query.transmission,
      powerHp: query.powerHp,
      newPrice: query.newPrice,
    },
    assumptions: result.assumptions,
    modelVersion: result.modelVersion,
    vehicle: result.vehicle,
    intervalLevel: result.intervalLevel,
    expectedError: result.expectedError,
    hasListings: result.hasListings,
    newPriceUsed: result.newPriceUsed,
    fallbackFrom: result.fallbackFrom,
    trainingRows: result.trainingRows,
    priced: result,
  };
}
