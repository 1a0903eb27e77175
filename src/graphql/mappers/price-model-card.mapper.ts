import type { CarModelFigures, MethodFigures } from '../../pricing/model-card.js';
import type { ModelCard } from '../../services/pricing/model-card.js';
import type { CarModelPriceFigures, PriceMethodFigures, PriceModelCard } from '../types/price-model-card.type.js';

const toMethodFigures = ({ method, validation, metrics, coverage }: MethodFigures): PriceMethodFigures => ({
  method,
  validation,
  rows: metrics.rows,
  mae: metrics.mae,
  mape: metrics.mape,
  medianApe: metrics.medianApe ?? null,
  rmse: metrics.rmse,
  coverage,
});

export const toCarModelPriceFigures = (figures: CarModelFigures): CarModelPriceFigures => ({
  vehicleId: figures.carModel,
  method: figures.method,
  trainingRows: figures.trainingRows,
  mape: figures.metrics.mape,
  medianApe: figures.metrics.medianApe ?? null,
  mae: figures.metrics.mae,
  coverage: figures.coverage,
  candidates: figures.candidates,
});

export function toPriceModelCard(card: ModelCard): PriceModelCard {
  return {
    modelVersion: card.modelVersion,
    trainedAt: card.trainedAt,
    trainer: card.trainer,
    basis: card.data.basis,
    asOf: card.data.asOf,
    referenceYear: card.referenceYear,
    trainingRows: card.trainingRows,
    carModels: card.carModels,
    makes: card.makes,
    modelYearFrom: card.modelYears[0],
    modelYearTo: card.modelYears[1],
    intervalLevel: card.intervalLevel,
    methods: card.methods.map(toMethodFigures),
    byPriceBand: card.byPriceBand.map(({ low, high, ...band }) => ({ ...band, intervalLow: low, intervalHigh: high })),
    chosen: card.chosen,
    carModelFigures: card.byCarModel,
  };
}
