/** What-if curves of an estimate, with the models of the active version. */
import type { PricingService } from './pricing-service.js';
import type { PriceQuery } from '../../pricing/types.js';
import { whatIfCurve, type CurveInput, type WhatIfPoint } from '../../pricing/what-if.js';

export function priceCurve(pricing: PricingService, query: PriceQuery, by: CurveInput, points: number): WhatIfPoint[] {
  return whatIfCurve(pricing.models().set, query, by, points);
}
