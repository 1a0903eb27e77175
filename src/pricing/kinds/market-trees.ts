/** Prices from the market-wide boosted trees (gbm with the car model, gbm-make without), shared by the kinds that use them. */
import { lookupEncodings } from '../encodings.js';
import { marketVector } from '../features.js';
import { compileGbm, predictCompiled, type CompiledGbm } from '../gbm.js';
import { bandFor } from '../metrics.js';
import type { BandedInterval, BoostedModel, MarketPriceModel, PriceQuery } from '../types.js';
import type { RelativeInterval } from './kind.js';

/** The trees' price (EUR): with the car model's encoding when `carModel` is given, else the make-level trees. */
export function treesPrice(market: MarketPriceModel, query: PriceQuery, make: string | null, carModel: string | null): number {
  const withCarModel = carModel !== null;
  const boosted = withCarModel ? market.gbm : market.gbmMake;
  const vector = marketVector(query, lookupEncodings(asTable(market), make, carModel), withCarModel, market.referenceYear);
  return Math.exp(predictCompiled(compiled(boosted), vector)) * boosted.scale;
}

/** The interval of the price band `value` falls in. */
export const bandInterval = (interval: BandedInterval, value: number): RelativeInterval => ({ level: interval.level, ...bandFor(interval, value) });

const compiledModels = new WeakMap<BoostedModel, CompiledGbm>();
function compiled(boosted: BoostedModel): CompiledGbm {
  let model = compiledModels.get(boosted);
  if (!model) {
    model = compileGbm(boosted.model);
    compiledModels.set(boosted, model);
  }
  return model;
}

// The stored JSON holds plain objects; lookups take Map-like access.
const tables = new WeakMap<MarketPriceModel, Parameters<typeof lookupEncodings>[0]>();
function asTable(market: MarketPriceModel): Parameters<typeof lookupEncodings>[0] {
  let table = tables.get(market);
  if (!table) {
    table = { global: market.global, makes: new Map(Object.entries(market.makes)), carModels: new Map(Object.entries(market.carModels)) };
    tables.set(market, table);
  }
  return table;
}
