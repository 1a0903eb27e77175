/**
 * Explanations of estimates: the reference cars are taken once per model
 * version from the listings (one read of all listings, ~40k rows), then every
 * explanation is 2^k engine evaluations (k <= 6 inputs) and no database read.
 */
import { AppError } from '../../errors.js';
import type { ComparablesRepository } from '../../db/repositories/comparables.js';
import { explainEstimate, referenceCars, referenceFor, type Explanation, type ReferenceCars } from '../../pricing/explain.js';
import { makeKey } from '../../pricing/features.js';
import type { PricedEstimate, PricingService } from './pricing-service.js';

export class ExplainService {
  private references: { version: number; cars: Promise<ReferenceCars> } | null = null;

  constructor(
    private readonly pricing: PricingService,
    private readonly listings: ComparablesRepository,
  ) {}

  /** Explains `priced` with the models that answered it (the active version). */
  async explain(priced: PricedEstimate): Promise<Explanation> {
    const { version, set } = this.pricing.models();
    // A replayed estimate of an older version cannot be explained by the models now loaded: the terms would not add up to it.
    if (priced.modelVersion !== version) {
      throw new AppError('NOT_FOUND', `This estimate was answered by price model version ${priced.modelVersion}; version ${version} is loaded now, so it cannot be explained`);
    }
    const references = await this.referenceCars(version);
    return explainEstimate(set, priced.query, referenceFor(references, priced.query));
  }

  private referenceCars(version: number): Promise<ReferenceCars> {
    if (this.references?.version !== version) {
      const cars = this.listings
        .referenceListings()
        .then((rows) => referenceCars(rows.map((row) => ({ ...row, make: makeKey(row.make) }))));
      // A failed read is retried by the next explanation instead of being cached.
      cars.catch(() => {
        if (this.references?.cars === cars) this.references = null;
      });
      this.references = { version, cars };
    }
    return this.references.cars;
  }
}
