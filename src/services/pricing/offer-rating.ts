/**
 * Rating an asking price against the estimate's predictive distribution.
 *
 * The 80% interval gives the distribution's 10th and 90th percentiles and the
 * estimate its median; between them the quantile function is taken as linear.
 * The cut points are the 10th, 30th, 70th and 90th percentiles:
 *
 *   GREAT < p10 <= GOOD < p30 <= FAIR < p70 <= HIGH < p90 <= OVERPRICED
 *
 * so p30 is halfway between the low bound and the estimate, p70 halfway
 * between the estimate and the high bound. An offer is not rated (NO_RATING,
 * with the reason) when the estimate does not stand on enough listings of the
 * car model itself.
 */
import { badInput } from '../../errors.js';
import { LIMITS } from '../../pricing/limits.js';
import type { PriceEstimate } from '../../pricing/types.js';
import type { PricedEstimate, PriceRequest, PricingService } from './pricing-service.js';

export const OFFER_LABELS = ['GREAT', 'GOOD', 'FAIR', 'HIGH', 'OVERPRICED'] as const;
export type OfferLabel = (typeof OFFER_LABELS)[number];
/** Percentiles of the predictive distribution where GOOD, FAIR, HIGH and OVERPRICED start. */
export const CUT_PERCENTILES = [10, 30, 70, 90] as const;
/** Fewer listings of the car model than this: its interval is not trusted enough to rate an offer. */
export const MIN_LISTINGS_TO_RATE = 20;

export type OfferRating =
  | { label: 'NO_RATING'; reason: string; askingPrice: number }
  | {
      label: OfferLabel;
      reason: null;
      askingPrice: number;
      /** Prices (EUR) where GOOD, FAIR, HIGH and OVERPRICED start. */
      cutPoints: [number, number, number, number];
      /** Where the asking price lies in the predictive distribution, 0-100. */
      percentile: number;
      /** The label across the nearest cut point, and how far (EUR) the asking price is from it. */
      nextLabel: OfferLabel;
      marginEur: number;
    };

/** Why an estimate is too thin to rate an offer against, or null. */
export function thinDataReason(estimate: Pick<PriceEstimate, 'hasListings' | 'listingsCount' | 'fallbackFrom'>): string | null {
  if (!estimate.hasListings) return 'no listings of this car model: its price comes from its make or its new price';
  if (estimate.listingsCount < MIN_LISTINGS_TO_RATE) {
    return `only ${estimate.listingsCount} listings of this car model (${MIN_LISTINGS_TO_RATE} needed to rate an offer)`;
  }
  if (estimate.fallbackFrom !== null) return "this car lies outside the car model's listings (year, mileage, power, fuel or gearbox)";
  return null;
}

function validateAskingPrice(askingPrice: number): void {
  if (!Number.isFinite(askingPrice) || askingPrice < 1 || askingPrice > LIMITS.maxPriceEur) {
    throw badInput(`askingPrice must be from 1 to ${LIMITS.maxPriceEur.toLocaleString('en-US')} EUR (got ${askingPrice})`, 'askingPrice');
  }
}

const cents = (value: number): number => Math.round(value * 100) / 100;

/** Rates `askingPrice` against `estimate` (see the module comment for the cut points). */
export function rateOffer(estimate: Pick<PriceEstimate, 'amount' | 'low' | 'high' | 'hasListings' | 'listingsCount' | 'fallbackFrom'>, askingPrice: number): OfferRating {
  const reason = thinDataReason(estimate);
  if (reason !== null) return { label: 'NO_RATING', reason, askingPrice };
  const { low, amount, high } = estimate;
  const cutPoints: [number, number, number, number] = [low, cents((low + amount) / 2), cents((amount + high) / 2), high];
  const index = cutPoints.filter((cut) => askingPrice >= cut).length;
  // The nearest cut point: the one below (the label gets better past it) or the one above (worse).
  const below = index > 0 ? askingPrice - cutPoints[index - 1] : Infinity;
  const above = index < cutPoints.length ? cutPoints[index] - askingPrice : Infinity;
  const nearerBelow = below < above;
  return {
    label: OFFER_LABELS[index],
    reason: null,
    askingPrice,
    cutPoints,
    percentile: percentileOf(askingPrice, low, amount, high),
    nextLabel: OFFER_LABELS[nearerBelow ? index - 1 : index + 1],
    marginEur: cents(nearerBelow ? below : above),
  };
}

/** Inverse of the piecewise-linear quantile function through (10, low), (50, amount), (90, high), continued past the ends and clamped to 0-100. */
function percentileOf(price: number, low: number, amount: number, high: number): number {
  const lowerSlope = 40 / Math.max(amount - low, 1);
  const upperSlope = 40 / Math.max(high - amount, 1);
  const p = price < amount ? 50 - (amount - price) * lowerSlope : 50 + (price - amount) * upperSlope;
  return Math.round(Math.min(100, Math.max(0, p)) * 10) / 10;
}

/** Prices the car and rates the asking price against it. @throws AppError BAD_USER_INPUT naming askingPrice or the car's field. */
export async function rateOfferFor(pricing: PricingService, request: PriceRequest, askingPrice: number): Promise<{ estimate: PricedEstimate; rating: OfferRating }> {
  validateAskingPrice(askingPrice);
  const estimate = await pricing.estimate(request);
  return { estimate, rating: rateOffer(estimate, askingPrice) };
}
