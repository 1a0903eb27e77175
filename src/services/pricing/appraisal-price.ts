/**
 * The price of a photographed car, carrying the identification's doubt: an
 * IDENTIFIED car is priced as its top candidate; an AMBIGUOUS one as the
 * probability-weighted mixture of its candidates' estimates (see
 * pricing/mixture.ts), never as one confident price for a guessed car; an
 * UNKNOWN_MODEL car is not priced.
 */
import { AppError, badInput } from '../../errors.js';
import type { Identification } from '../identification/types.js';
import { mixPrices } from '../../pricing/mixture.js';
import type { PricedEstimate, PriceRequest, PricingService } from './pricing-service.js';

export interface AppraisalComponent {
  /** Classifier labels of the candidates that map to this car model. */
  labels: string[];
  /** Probability of the car model among the priced candidates (they sum to 1). */
  probability: number;
  estimate: PricedEstimate;
  /** What it was priced from (stored with the estimate for replay). */
  request: PriceRequest;
}

export interface AppraisalPrice {
  amount: number;
  low: number;
  high: number;
  intervalLevel: number;
  /** True when more than one car model was priced: the amount and interval are the mixture's. */
  mixed: boolean;
  components: AppraisalComponent[];
  /** Probability of candidates outside the catalog, left out before normalising. */
  unpricedProbability: number;
}

type Identified = Pick<Identification, 'outcome' | 'candidates' | 'vehicle'>;

/** An UNKNOWN_MODEL car's nearest known model is another car: its price would be that car's. */
export function refuseUnknownModel(identification: Identified): void {
  if (identification.outcome !== 'UNKNOWN_MODEL') return;
  const nearest = identification.candidates[0]?.label ?? '?';
  throw new AppError('BAD_USER_INPUT', `This is a car we do not know yet (nearest known model: "${nearest}"), so it is not priced`, {
    field: 'image',
    outcome: 'UNKNOWN_MODEL',
  });
}

/** @throws AppError BAD_USER_INPUT for an UNKNOWN_MODEL car, no catalog candidate, or usage that cannot be priced. */
/** The car's usage as the caller gives it with the photo (what a photo cannot tell). */
export type Usage = Omit<PriceRequest, 'make' | 'model' | 'vehicleId'>;

export async function appraisalPrice(pricing: PricingService, identification: Identified, usage: Usage): Promise<AppraisalPrice> {
  refuseUnknownModel(identification);
  const candidates = identification.outcome === 'AMBIGUOUS' ? identification.candidates : identification.candidates.slice(0, 1);
  const byVehicle = new Map<string, { labels: string[]; weight: number; vehicle: NonNullable<Identification['vehicle']> }>();
  for (const candidate of candidates) {
    if (!candidate.vehicle) continue;
    const entry = byVehicle.get(candidate.vehicle.id) ?? { labels: [], weight: 0, vehicle: candidate.vehicle };
    entry.labels.push(candidate.label);
    entry.weight += candidate.confidence;
    byVehicle.set(candidate.vehicle.id, entry);
  }
  if (byVehicle.size === 0) {
    throw badInput(`The top candidate "${identification.candidates[0]?.label ?? '?'}" is not a catalog car model, so it cannot be priced`, 'image');
  }
  const groups = [...byVehicle.values()];
  const requests = groups.map(({ vehicle }): PriceRequest => ({ ...usage, make: vehicle.make, model: vehicle.model, vehicleId: vehicle.id }));
  const estimates = await Promise.all(requests.map((request) => pricing.estimate(request)));
  const mixed = mixPrices(groups.map((group, i) => ({ weight: group.weight, amount: estimates[i].amount, low: estimates[i].low, high: estimates[i].high })));
  const total = candidates.reduce((sum, c) => sum + c.confidence, 0);
  const priced = groups.reduce((sum, g) => sum + g.weight, 0);
  return {
    amount: mixed.amount,
    low: mixed.low,
    high: mixed.high,
    intervalLevel: estimates[0].intervalLevel,
    mixed: groups.length > 1,
    components: groups
      .map((group, i) => ({ labels: group.labels, probability: mixed.weights[i], estimate: estimates[i], request: requests[i] }))
      .sort((a, b) => b.probability - a.probability),
    unpricedProbability: total > 0 ? Math.max(0, (total - priced) / total) : 0,
  };
}
