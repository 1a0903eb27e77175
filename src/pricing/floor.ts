/** The lowest price the engine ever answers, so no method can return 0, a negative or a silly price. */

/** Scrap-value floor, EUR. */
export const MIN_PRICE_EUR = 500;
/** A running car keeps at least this share of its new price. */
export const MIN_SHARE_OF_NEW_PRICE = 0.05;

export function priceFloor(newPrice: number | null): number {
  return newPrice === null ? MIN_PRICE_EUR : Math.max(MIN_PRICE_EUR, MIN_SHARE_OF_NEW_PRICE * newPrice);
}
