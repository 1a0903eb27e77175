/**
 * Listing file formats, each one declared column mapping: which header names
 * identify it, which column holds each field, how its category values read,
 * and what its prices are (basis, market date). Adding a format is one entry.
 */
import type { Fuel, Transmission } from '../pricing/types.js';

/** The fields a listing file can give; make, model, year, mileage and price are required by every format. */
export type ListingField =
  | 'make'
  | 'model'
  | 'year'
  | 'mileageKm'
  | 'fuel'
  | 'transmission'
  | 'powerHp'
  | 'priceEur'
  | 'offerType'
  | 'newPriceEur'
  | 'firstRegistration'
  | 'emissionStandard'
  | 'colour'
  | 'bodyType'
  | 'country';

export interface ListingSource {
  id: string;
  /** What the prices are, shown with every estimate trained on them. */
  basis: string;
  /** Market date of the prices (a year or an ISO date), or null when the source does not say. */
  asOf: string | null;
  /** Header name of each field this format has. */
  columns: Partial<Record<ListingField, string>>;
  /** Normalised (see categoryKey) fuel value -> fuel; a value mapped to null is a fuel the service does not price. */
  fuels: ReadonlyMap<string, Fuel | null>;
  transmissions: ReadonlyMap<string, Transmission>;
}

/** Accent-, case-, space- and punctuation-insensitive key of a category value: "Électrique" -> "electrique". */
export const categoryKey = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

// Maps, not objects: a cell reading "constructor" must not hit Object.prototype.
const ENGLISH_FUELS: [string, Fuel | null][] = [
  ['gasoline', 'PETROL'],
  ['petrol', 'PETROL'],
  ['diesel', 'DIESEL'],
  // Hybrids of either fuel: the market lists them as "Electric/Gasoline" and "Electric/Diesel".
  ['electricgasoline', 'HYBRID'],
  ['electricdiesel', 'HYBRID'],
  ['hybrid', 'HYBRID'],
  ['electric', 'ELECTRIC'],
  ['lpg', 'LPG'],
  ['cng', 'CNG'],
  // Too few listings to price (49, 2 and 1 of 38,816), or no fuel at all ("-/- (Fuel)").
  ['others', null],
  ['ethanol', null],
  ['hydrogen', null],
  ['fuel', null],
];

export const MARKET_SOURCE: ListingSource = {
  id: 'autoscout24-de',
  basis: 'asking prices, AutoScout24 Germany',
  asOf: '2021',
  columns: {
    mileageKm: 'mileage',
    make: 'make',
    model: 'model',
    fuel: 'fuel',
    transmission: 'gear',
    offerType: 'offerType',
    priceEur: 'price',
    powerHp: 'hp',
    year: 'year',
  },
  fuels: new Map(ENGLISH_FUELS),
  transmissions: new Map<string, Transmission>([
    ['manual', 'MANUAL'],
    ['automatic', 'AUTOMATIC'],
    // A clutchless manual drives like an automatic and is priced like one.
    ['semiautomatic', 'AUTOMATIC'],
  ]),
};

/** The study's listings: French columns, one file per car model, synthetic-looking values. */
export const STUDY_SOURCE: ListingSource = {
  id: 'study-fr',
  basis: "the study's listings (French columns)",
  asOf: null,
  columns: {
    make: 'Marque',
    model: 'Modele',
    year: 'Annee_modele',
    mileageKm: 'Km',
    firstRegistration: 'Date_premiere_mise_en_circulation',
    fuel: 'Carburant',
    transmission: 'Boite_vitesse',
    powerHp: 'Puissance',
    emissionStandard: 'Critere_air',
    colour: 'Couleur',
    bodyType: 'Type_vehicule',
    country: 'Pays',
    newPriceEur: 'Prix_neuf',
    priceEur: 'Prix_occasion',
  },
  fuels: new Map<string, Fuel | null>([
    ['essence', 'PETROL'],
    ['diesel', 'DIESEL'],
    ['hybride', 'HYBRID'],
    ['electrique', 'ELECTRIC'],
    ['gaz', 'LPG'],
    ['gpl', 'LPG'],
    ['gnv', 'CNG'],
    ...ENGLISH_FUELS,
  ]),
  transmissions: new Map<string, Transmission>([
    ['manuelle', 'MANUAL'],
    ['automatique', 'AUTOMATIC'],
    ['manual', 'MANUAL'],
    ['automatic', 'AUTOMATIC'],
  ]),
};

export const LISTING_SOURCES: readonly ListingSource[] = [MARKET_SOURCE, STUDY_SOURCE];

/** Fields a file must have columns for: without them a row cannot be a training row. */
export const REQUIRED_FIELDS: readonly ListingField[] = ['make', 'model', 'year', 'mileageKm', 'fuel', 'transmission', 'powerHp', 'priceEur'];

const requiredColumns = (source: ListingSource): string[] =>
  REQUIRED_FIELDS.map((field) => source.columns[field]).filter((name): name is string => name !== undefined);

/**
 * The format whose required columns the header has; null when none matches.
 * When several match, the one with the most of its columns present wins.
 */
export function detectSource(header: readonly string[]): ListingSource | null {
  const present = new Set(header.map((name) => name.trim()));
  let best: { source: ListingSource; matched: number } | null = null;
  for (const source of LISTING_SOURCES) {
    if (!requiredColumns(source).every((name) => present.has(name))) continue;
    const matched = Object.values(source.columns).filter((name) => present.has(name)).length;
    if (!best || matched > best.matched) best = { source, matched };
  }
  return best?.source ?? null;
}

/** The required columns each format misses, for the message of a rejected file. */
export function missingColumns(header: readonly string[]): { source: string; missing: string[] }[] {
  const present = new Set(header.map((name) => name.trim()));
  return LISTING_SOURCES.map((source) => ({
    source: source.id,
    missing: requiredColumns(source).filter((name) => !present.has(name)),
  }));
}
