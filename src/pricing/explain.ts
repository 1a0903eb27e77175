/**
 * Why an estimate is what it is: exact Shapley values of the whole estimator
 * (`estimate`, with whatever method, fallback and price floor it uses) against
 * a reference car, the typical listing of the car model (else of its make,
 * else of the market).
 *
 * Each input the query differs in from the reference is a player; the value of
 * a coalition is the estimate of the reference car with those inputs taken
 * from the query. With k <= 6 inputs that is 2^k estimates, and by the
 * efficiency of Shapley values the contributions add up to
 * amount - baseline exactly (rounded to cents, the remainder put on the
 * largest term).
 */
import { estimate, type EstimateOptions, type PriceModelSet } from './predict.js';
import type { CarDescription, Fuel, PriceQuery, Transmission } from './types.js';

/** A typical car of a group of listings: medians of year, mileage and power, the most common fuel and gearbox. */
export interface ReferenceCar extends CarDescription {
  /** Listings it was taken from. */
  listings: number;
}

/** Reference cars by car model, by make key, and of the whole market. */
export interface ReferenceCars {
  byCarModel: ReadonlyMap<string, ReferenceCar>;
  byMake: ReadonlyMap<string, ReferenceCar>;
  market: ReferenceCar;
}

export interface ReferenceListing extends CarDescription {
  carModel: string;
  /** Make key (see makeKey). */
  make: string;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

/** The most common value; ties go to the value seen first in `values` order after sorting by name, so the answer is stable. */
const mostCommon = <T extends string>(values: T[]): T => {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
};

function referenceOf(rows: readonly CarDescription[]): ReferenceCar {
  return {
    year: median(rows.map((r) => r.year)),
    mileageKm: median(rows.map((r) => r.mileageKm)),
    powerHp: median(rows.map((r) => r.powerHp)),
    fuel: mostCommon<Fuel>(rows.map((r) => r.fuel)),
    transmission: mostCommon<Transmission>(rows.map((r) => r.transmission)),
    listings: rows.length,
  };
}

export function referenceCars(rows: readonly ReferenceListing[]): ReferenceCars {
  if (rows.length === 0) throw new Error('referenceCars: no listings');
  const group = (key: (row: ReferenceListing) => string): Map<string, ReferenceCar> => {
    const groups = new Map<string, ReferenceListing[]>();
    for (const row of rows) {
      const list = groups.get(key(row));
      if (list) list.push(row);
      else groups.set(key(row), [row]);
    }
    return new Map([...groups].map(([name, list]) => [name, referenceOf(list)]));
  };
  return { byCarModel: group((r) => r.carModel), byMake: group((r) => r.make), market: referenceOf(rows) };
}

/** The reference a query is explained against: its car model's typical listing, else its make's, else the market's. */
export function referenceFor(references: ReferenceCars, query: Pick<PriceQuery, 'carModel' | 'make'>): ReferenceCar {
  return (
    (query.carModel !== null ? references.byCarModel.get(query.carModel) : undefined) ??
    (query.make !== null ? references.byMake.get(query.make) : undefined) ??
    references.market
  );
}

/** The inputs an explanation splits the price over, in the order they are listed. */
export const EXPLAINED_INPUTS = ['age', 'mileage', 'fuel', 'transmission', 'power', 'newPrice'] as const;
export type ExplainedInput = (typeof EXPLAINED_INPUTS)[number];

export interface Contribution {
  input: ExplainedInput;
  /** The query's value in words, with the reference's: "mileage 120,000 km (typical 64,000 km)". */
  value: string;
  /** EUR, to the cent. */
  amountEur: number;
}

export interface Explanation {
  /** Estimate of the reference car (EUR): where the contributions start. */
  baseline: number;
  /** The estimate explained (EUR); baseline + sum of amountEur = amount, to the cent. */
  amount: number;
  reference: ReferenceCar & { newPrice: number | null };
  /** Inputs in which the query differs from the reference, largest effect first. */
  contributions: Contribution[];
}

const km = (value: number): string => `${Math.round(value).toLocaleString('en-US')} km`;
const eur = (value: number): string => `${Math.round(value).toLocaleString('en-US')} EUR`;
const years = (value: number): string => `${value} year${value === 1 ? '' : 's'}`;
const word = (value: string): string => value.toLowerCase();

function describe(input: ExplainedInput, query: PriceQuery, reference: PriceQuery, referenceYear: number): string {
  switch (input) {
    case 'age':
      return `age ${years(referenceYear - query.year)} (model year ${query.year}; typical ${years(referenceYear - reference.year)})`;
    case 'mileage':
      return `mileage ${km(query.mileageKm)} (typical ${km(reference.mileageKm)})`;
    case 'fuel':
      return `${word(query.fuel)} (typical ${word(reference.fuel)})`;
    case 'transmission':
      return `${word(query.transmission)} gearbox (typical ${word(reference.transmission)})`;
    case 'power':
      return `${query.powerHp} hp (typical ${reference.powerHp} hp)`;
    case 'newPrice':
      return `new price ${eur(query.newPrice!)}${reference.newPrice !== null ? ` (typical ${eur(reference.newPrice)})` : ''}`;
  }
}

/** Sets the inputs of `players` present in `mask` from the query, the others from the reference. */
function coalition(query: PriceQuery, reference: PriceQuery, players: readonly ExplainedInput[], mask: number): PriceQuery {
  const car = { ...reference };
  players.forEach((input, bit) => {
    if ((mask & (1 << bit)) === 0) return;
    if (input === 'age') car.year = query.year;
    else if (input === 'mileage') car.mileageKm = query.mileageKm;
    else if (input === 'fuel') car.fuel = query.fuel;
    else if (input === 'transmission') car.transmission = query.transmission;
    else if (input === 'power') car.powerHp = query.powerHp;
    else car.newPrice = query.newPrice;
  });
  return car;
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * Explains `estimate(set, query, options)` against `reference`. The new price
 * is an input only when the query has one and the reference car can be priced
 * without it (a car of unknown make cannot: its reference keeps the new price).
 * @throws AppError BAD_USER_INPUT when the query itself cannot be estimated.
 */
export function explainEstimate(set: PriceModelSet, query: PriceQuery, reference: ReferenceCar, options: EstimateOptions = {}): Explanation {
  const amount = estimate(set, query, options).amount;
  const referenceYear = set.market.referenceYear;
  const base: PriceQuery = {
    carModel: query.carModel,
    make: query.make,
    year: reference.year,
    mileageKm: reference.mileageKm,
    fuel: reference.fuel,
    transmission: reference.transmission,
    powerHp: reference.powerHp,
    newPrice: null,
  };
  const price = (car: PriceQuery): number => estimate(set, car, options).amount;
  let baseline: number;
  try {
    baseline = price(base);
  } catch {
    // Nothing to price the reference from without a new price: it is part of the reference, not an input.
    base.newPrice = query.newPrice;
    baseline = price(base);
  }
  const differs: Record<ExplainedInput, boolean> = {
    age: query.year !== base.year,
    mileage: query.mileageKm !== base.mileageKm,
    fuel: query.fuel !== base.fuel,
    transmission: query.transmission !== base.transmission,
    power: query.powerHp !== base.powerHp,
    newPrice: query.newPrice !== base.newPrice,
  };
  const players = EXPLAINED_INPUTS.filter((input) => differs[input]);
  const k = players.length;
  const values = new Array<number>(1 << k);
  for (let mask = 0; mask < 1 << k; mask++) values[mask] = mask === 0 ? baseline : mask === (1 << k) - 1 ? amount : price(coalition(query, base, players, mask));

  // phi_i = sum over coalitions S without i of |S|! (k - |S| - 1)! / k! * (v(S + i) - v(S)).
  const weights = Array.from({ length: k }, (_, size) => (factorial(size) * factorial(k - size - 1)) / factorial(k));
  const shapley = players.map((_, bit) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << k; mask++) {
      if (mask & (1 << bit)) continue;
      phi += weights[popcount(mask)] * (values[mask | (1 << bit)] - values[mask]);
    }
    return phi;
  });

  // Cents, with the rounding remainder on the largest term, so the sum is exact.
  const cents = shapley.map((phi) => Math.round(phi * 100));
  if (k > 0) {
    const remainder = Math.round((amount - baseline) * 100) - cents.reduce((a, b) => a + b, 0);
    let largest = 0;
    for (let i = 1; i < k; i++) if (Math.abs(cents[i]) > Math.abs(cents[largest])) largest = i;
    cents[largest] += remainder;
  }
  const contributions = players
    .map((input, i) => ({ input, value: describe(input, query, base, referenceYear), amountEur: cents[i] / 100 }))
    .sort((a, b) => Math.abs(b.amountEur) - Math.abs(a.amountEur));
  return { baseline, amount, reference: { ...reference, newPrice: base.newPrice }, contributions };
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}
