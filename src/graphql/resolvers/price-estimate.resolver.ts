import { Arg, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { toComparableConnection } from '../mappers/comparables.mapper.js';
import { toPriceExplanation } from '../mappers/explanation.mapper.js';
import { ComparableConnection } from '../types/comparable.type.js';
import { PriceExplanation } from '../types/explanation.type.js';
import { PriceEstimate } from '../types/price-estimate.type.js';
import { CurveInput, PriceCurvePoint } from '../types/price-curve.type.js';
import { DEFAULT_COMPARABLES, MAX_COMPARABLES, type ComparablesService } from '../../services/pricing/comparables.js';
import type { ExplainService } from '../../services/pricing/explain-service.js';
import type { PricingService } from '../../services/pricing/pricing-service.js';
import { priceCurve } from '../../services/pricing/what-if.js';
import { DEFAULT_CURVE_POINTS, MAX_CURVE_POINTS, type CurveInput as CurveInputValue } from '../../pricing/what-if.js';

/** Fields of an estimate computed only when asked for: why the price is what it is, and the listings it stands on. */
@Resolver(() => PriceEstimate)
export class PriceEstimateResolver {
  constructor(
    private readonly explainer: ExplainService,
    private readonly comparableListings: ComparablesService,
    private readonly pricing: PricingService,
  ) {}

  @FieldResolver(() => PriceExplanation, { description: 'Why this price: contributions of each input that add up to amount from a baseline.' })
  async explanation(@Root() estimate: PriceEstimate): Promise<PriceExplanation> {
    return toPriceExplanation(await this.explainer.explain(estimate.priced));
  }

  @FieldResolver(() => ComparableConnection, {
    description: 'Real listings of the same car model nearest to this car (never another car model), with their prices and how they differ.',
  })
  async comparables(
    @Root() estimate: PriceEstimate,
    @Arg('first', () => Int, { defaultValue: DEFAULT_COMPARABLES, description: `1 to ${MAX_COMPARABLES}.` }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ComparableConnection> {
    return toComparableConnection(await this.comparableListings.comparables(estimate.priced.query, first, after));
  }

  @FieldResolver(() => [PriceCurvePoint], {
    description: 'What if: the estimate and its interval along mileage or age, every other input of this car fixed (for sliders).',
  })
  curve(
    @Root() estimate: PriceEstimate,
    @Arg('by', () => CurveInput) by: CurveInputValue,
    @Arg('points', () => Int, { defaultValue: DEFAULT_CURVE_POINTS, description: `2 to ${MAX_CURVE_POINTS}.` }) points: number,
  ): PriceCurvePoint[] {
    return priceCurve(this.pricing, estimate.priced.query, by, points);
  }
}
