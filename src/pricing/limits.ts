/**
 * Plausible ranges of prices and cars, shared by the listings import (rows
 * outside are dropped) and the estimates (queries outside are refused with
 * BAD_USER_INPUT naming the field). Documented in the README.
 */
export const LIMITS = {
  minYear: 1950,
  /** Estimates: model years this far before the oldest listing are still answered (the trees extrapolate flat). */
  yearsBeforeData: 2,
  maxMileageKm: 990_000,
  minPowerHp: 4,
  maxPowerHp: 1_000,
  minPriceEur: 500,
  maxPriceEur: 1_000_000,
  /** A new price above this is a typo (the dearest listed car is 1.2 M EUR). */
  maxNewPriceEur: 5_000_000,
} as const;
