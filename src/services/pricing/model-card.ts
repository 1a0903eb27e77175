/** The pricing model card of the active version (figures from the stored models, date from the version row). */
import type { PriceModelRepository } from '../../db/repositories/price-models.js';
import { priceModelCard, type PriceModelCard } from '../../pricing/model-card.js';
import type { PricingService } from './pricing-service.js';
import type { DataBasis } from '../../pricing/types.js';

export interface ModelCard extends PriceModelCard {
  modelVersion: number;
  trainedAt: Date;
  trainer: string;
  data: DataBasis;
}

export class ModelCardService {
  private cached: ModelCard | null = null;

  constructor(
    private readonly pricing: PricingService,
    private readonly priceModels: PriceModelRepository,
  ) {}

  /** Computed once per loaded version. */
  async card(): Promise<ModelCard> {
    const { version, set } = this.pricing.models();
    if (this.cached?.modelVersion !== version) {
      const row = await this.priceModels.version(version);
      this.cached = {
        ...priceModelCard(set),
        modelVersion: version,
        trainedAt: new Date(row?.createdAt ?? 0),
        trainer: set.market.trainer,
        data: set.market.data,
      };
    }
    return this.cached;
  }
}
