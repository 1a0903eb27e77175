/**
 * The registry of price-model kinds: the one place that lists them. Training,
 * estimates and the report look kinds up here; adding a kind is a file of
 * its own (see kind.ts) and a line below (and its name in PriceMethod).
 */
import type { CarModelMethod, PriceMethod } from '../types.js';
import { blend } from './blend.js';
import { gbmMakeNewPrice } from './gbm-make-new-price.js';
import { gbmMake } from './gbm-make.js';
import { gbm } from './gbm.js';
import type { CarModelRole, PriceModelKind, UnseenRole } from './kind.js';
import { linear } from './linear.js';
import { pooledOffset } from './pooled-offset.js';
import { pooled } from './pooled.js';
import { tree } from './tree.js';

export type * from './kind.js';

/**
 * Every kind. The order is that of the candidates in a stored car model and
 * of the report's lines and columns (stored models are compared byte for byte).
 */
export const PRICE_MODEL_KINDS: Readonly<Record<PriceMethod, PriceModelKind>> = {
  gbm,
  'gbm-make': gbmMake,
  linear,
  tree,
  blend,
  pooled,
  'pooled-offset': pooledOffset,
  'gbm-make-new-price': gbmMakeNewPrice,
};

export type CarModelKind = PriceModelKind & { method: CarModelMethod; carModel: CarModelRole };
export type UnseenKind = PriceModelKind & { unseen: UnseenRole };

export interface PriceModelRegistry {
  /** Every kind, in registry order. */
  kinds: readonly PriceModelKind[];
  /** Kinds compared per car model with listings, in registry order. */
  carModelKinds: readonly CarModelKind[];
  /** Kinds that price a car model without listings, the preferred first. */
  unseenKinds: readonly UnseenKind[];
  /** Answers for a car model whose chosen kind does not trust the query, or when none could be chosen. */
  fallback: CarModelKind;
  /** @throws Error on a method no kind has (a stored model of another engine). */
  kind(method: string): PriceModelKind;
  carModelKind(method: string): CarModelKind;
}

/** A registry of `kinds`; `fallback` must be a car-model kind that answers every query. */
export function priceModelRegistry(kinds: readonly PriceModelKind[], fallback: PriceMethod): PriceModelRegistry {
  const byMethod = new Map(kinds.map((kind) => [kind.method as string, kind]));
  if (byMethod.size !== kinds.length) throw new Error('priceModelRegistry: two kinds of one method');
  const kind = (method: string): PriceModelKind => {
    const found = byMethod.get(method);
    if (!found) throw new Error(`Unknown price-model kind "${method.slice(0, 40)}"`);
    return found;
  };
  const carModelKind = (method: string): CarModelKind => {
    const found = kind(method);
    if (!found.carModel) throw new Error(`Price-model kind "${method}" is not fitted per car model`);
    return found as CarModelKind;
  };
  const byPreference = (a: PriceModelKind, b: PriceModelKind) => a.preference - b.preference;
  return {
    kinds,
    carModelKinds: kinds.filter((k): k is CarModelKind => k.carModel !== undefined),
    unseenKinds: kinds.filter((k): k is UnseenKind => k.unseen !== undefined).sort(byPreference),
    fallback: carModelKind(fallback),
    kind,
    carModelKind,
  };
}

/**
 * The engine's kinds. gbm is the fallback: the market-wide trees answer any
 * car the listings cover, where a car model's own fit or the new-price model
 * may not.
 */
export const PRICE_MODELS: PriceModelRegistry = priceModelRegistry(Object.values(PRICE_MODEL_KINDS), 'gbm');
