/**
 * Feature encoding shared by training and prediction, so that a stored model
 * sees at prediction time exactly the inputs it was fitted on.
 */
import { FUELS, type CarDescription, type Fuel, type GroupEncoding } from './types.js';

/**
 * Stable names and order. Fuel is one-hot against PETROL (no column), which
 * keeps the columns independent of the intercept; the list never depends on
 * which fuels the training data happened to contain.
 */
export const FEATURE_NAMES = [
  'age',
  'mileage100k',
  'automatic',
  'power100hp',
  'diesel',
  'hybrid',
  'electric',
  'lpg',
  'cng',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Inputs of the pooled model's depreciation factor. */
export const DEPRECIATION_FEATURES: readonly FeatureName[] = ['age', 'mileage100k'];
/** Inputs of the pooled model's premium (EUR) over the new price. */
export const PREMIUM_FEATURES: readonly FeatureName[] = FEATURE_NAMES.filter((name) => !DEPRECIATION_FEATURES.includes(name));

const FUEL_COLUMN: Record<Fuel, FeatureName | null> = {
  PETROL: null,
  DIESEL: 'diesel',
  HYBRID: 'hybrid',
  ELECTRIC: 'electric',
  LPG: 'lpg',
  CNG: 'cng',
};

export type FeatureVector = Record<FeatureName, number>;

/**
 * Age counts from the model's stored referenceYear, never from the clock, so
 * a stored model answers the same after a restart or a year later. Mileage is
 * kept linear (in 100 000 km): on these listings a log or squared mileage
 * cross-validated worse. Power is in 100 hp so coefficients stay comparable.
 */
export function encodeFeatures(car: CarDescription, referenceYear: number): FeatureVector {
  const vector: FeatureVector = {
    age: referenceYear - car.year,
    mileage100k: car.mileageKm / 100_000,
    automatic: car.transmission === 'AUTOMATIC' ? 1 : 0,
    power100hp: car.powerHp / 100,
    diesel: 0,
    hybrid: 0,
    electric: 0,
    lpg: 0,
    cng: 0,
  };
  const fuelColumn = FUEL_COLUMN[car.fuel];
  if (fuelColumn) vector[fuelColumn] = 1;
  return vector;
}

/** Values of `names` in order; throws on a name this encoder does not know (a corrupt stored model). */
export function pickFeatures(vector: FeatureVector, names: readonly string[]): number[] {
  return names.map((name) => {
    if (!(FEATURE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown price model feature "${name}"`);
    }
    return vector[name as FeatureName];
  });
}

/** The names among `names` whose value varies over `vectors`: a constant column carries nothing and makes OLS singular. */
export function varyingFeatures(vectors: FeatureVector[], names: readonly FeatureName[]): FeatureName[] {
  return names.filter((name) => vectors.some((vector) => vector[name] !== vectors[0][name]));
}

/** Listings fix no date of their own; the newest model year is the natural default for "age 0". */
export function defaultReferenceYear(years: number[]): number {
  if (years.length === 0) throw new Error('No listings: cannot derive a reference year');
  return years.reduce((a, b) => Math.max(a, b));
}

/** Case-, accent- and punctuation-insensitive key of a make: "Mercedes-Benz" -> "mercedesbenz". */
export const makeKey = (make: string): string =>
  make
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/**
 * Inputs of the market-wide boosted trees. Trees need no scaling; fuel is an
 * ordinal code (a tree isolates any one value in two splits). The make and
 * the car model enter as target encodings (smoothed mean log price) and the
 * median power of their listings, so a trim is priced against its model.
 */
export const MARKET_FEATURES = [
  'year',
  'mileageKm',
  'kmPerYear',
  'powerHp',
  'fuel',
  'automatic',
  'makeLogPrice',
  'makePowerHp',
  'modelLogPrice',
  'modelPowerHp',
  'powerVsModel',
] as const;
/** The same without the car model: for car models that have no listings. */
export const MAKE_FEATURES = MARKET_FEATURES.filter((name) => !name.startsWith('model') && name !== 'powerVsModel');

export interface Encodings {
  make: GroupEncoding;
  carModel: GroupEncoding | null;
}

export function marketVector(car: CarDescription, encodings: Encodings, withCarModel: boolean, referenceYear: number): number[] {
  const base = [
    car.year,
    car.mileageKm,
    // Use per year tells a hard-driven car from an old one, which trees cannot divide out themselves.
    car.mileageKm / Math.max(1, referenceYear - car.year + 1),
    car.powerHp,
    FUELS.indexOf(car.fuel),
    car.transmission === 'AUTOMATIC' ? 1 : 0,
    encodings.make.logPrice,
    encodings.make.powerHp,
  ];
  if (!withCarModel) return base;
  const model = encodings.carModel ?? encodings.make;
  return [...base, model.logPrice, model.powerHp, car.powerHp / model.powerHp];
}
