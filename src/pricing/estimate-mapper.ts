import { toVehicle } from '../catalog/vehicle-mapper.js';
import type { PriceEstimate } from '../graphql/types/price-estimate.type.js';
import type { PricedEstimate } from './pricing-service.js';

export function toPriceEstimate(result: PricedEstimate): PriceEstimate {
  return {
    amount: result.amount,
    low: result.low,
    high: result.high,
    currency: result.currency,
    method: result.method,
    modelVersion: result.modelVersion,
    vehicle: result.vehicle ? toVehicle(result.vehicle) : null,
    intervalLevel: result.intervalLevel,
    expectedError: result.expectedError,
    hasListings: result.hasListings,
    newPriceUsed: result.newPriceUsed,
    fallbackFrom: result.fallbackFrom,
    trainingRows: result.trainingRows,
  };
}
