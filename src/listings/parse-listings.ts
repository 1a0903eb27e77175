/**
 * Parses a listings CSV (the French columns of the shipped price files, comma-
 * or semicolon-separated) into validated rows. Every problem of every row is
 * collected so that a rejected file can be fixed in one pass; a file with any
 * error is rejected whole.
 */
import { AppError } from '../errors.js';
import { parseCsv } from '../lib/csv.js';
import type { Fuel, PriceSample, Transmission } from '../pricing/types.js';

export interface ParsedListing {
  line: number;
  make: string;
  model: string;
  modelYear: number;
  mileageKm: number;
  firstRegistration: string | null;
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  emissionStandard: string | null;
  colour: string | null;
  bodyType: string | null;
  country: string | null;
  newPriceEur: number | null;
  priceEur: number;
}

export interface RowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  column: string | null;
  message: string;
}

/** How many row errors the message lists; `rows` always holds all of them. */
const MESSAGE_ROWS = 10;

export class ListingsFileError extends AppError {
  constructor(readonly rows: RowError[]) {
    const shown = rows.slice(0, MESSAGE_ROWS).map((e) => `line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
    const more = rows.length > MESSAGE_ROWS ? `; and ${rows.length - MESSAGE_ROWS} more` : '';
    super('BAD_USER_INPUT', `Listings file rejected, nothing imported: ${shown.join('; ')}${more}`, { field: 'csv', rows });
    this.name = 'ListingsFileError';
  }
}

const REQUIRED_COLUMNS = ['Marque', 'Modele', 'Annee_modele', 'Km', 'Carburant', 'Boite_vitesse', 'Puissance', 'Prix_occasion'];

/** Accent-, case- and space-insensitive key for category values. */
const plain = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

// Maps, not objects: a cell reading "constructor" must not hit Object.prototype.
const FUEL_NAMES = new Map<string, Fuel>([
  ['essence', 'PETROL'],
  ['petrol', 'PETROL'],
  ['gasoline', 'PETROL'],
  ['diesel', 'DIESEL'],
  ['hybride', 'HYBRID'],
  ['hybrid', 'HYBRID'],
  ['electrique', 'ELECTRIC'],
  ['electric', 'ELECTRIC'],
  ['gaz', 'LPG'],
  ['gpl', 'LPG'],
  ['lpg', 'LPG'],
]);
const TRANSMISSION_NAMES = new Map<string, Transmission>([
  ['manuelle', 'MANUAL'],
  ['manual', 'MANUAL'],
  ['automatique', 'AUTOMATIC'],
  ['automatic', 'AUTOMATIC'],
]);

export function parseListingsCsv(text: string, now: Date = new Date()): ParsedListing[] {
  const { header, delimiter, rows } = parseCsv(text);
  if (header.length === 0 || header.every((name) => name === '')) {
    throw new ListingsFileError([{ line: 1, column: null, message: 'missing header line' }]);
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new ListingsFileError([{ line: 1, column: null, message: `missing column(s): ${missing.join(', ')}` }]);
  }

  const errors: RowError[] = [];
  const parsed: ParsedListing[] = [];
  const maxYear = now.getUTCFullYear() + 1;
  for (const { line, fieldCount, values } of rows) {
    if (fieldCount !== header.length) {
      errors.push({ line, column: null, message: `expected ${header.length} fields, found ${fieldCount}` });
      continue;
    }
    const rowErrors: RowError[] = [];
    const fail = (column: string, message: string) => rowErrors.push({ line, column, message });
    const cell = (column: string): string => values.get(column) ?? '';
    const text = (column: string): string | null => cell(column) || null;
    const number = (column: string): number => Number(delimiter === ';' ? cell(column).replace(',', '.') : cell(column));
    const int = (column: string, min: number, max: number): number => {
      const value = number(column);
      if (cell(column) === '' || !Number.isInteger(value) || value < min || value > max) {
        fail(column, `expected a whole number from ${min} to ${max}, got "${cell(column)}"`);
      }
      return value;
    };
    const amount = (column: string, required: boolean): number | null => {
      if (cell(column) === '') {
        if (required) fail(column, 'required');
        return null;
      }
      const value = number(column);
      if (!Number.isFinite(value) || value <= 0 || value > 10_000_000) fail(column, `expected a positive amount, got "${cell(column)}"`);
      return value;
    };

    const make = text('Marque');
    const model = text('Modele');
    if (!make) fail('Marque', 'required');
    if (!model) fail('Modele', 'required');
    const fuel = FUEL_NAMES.get(plain(cell('Carburant')));
    if (!fuel) fail('Carburant', `unknown fuel "${cell('Carburant')}"`);
    const transmission = TRANSMISSION_NAMES.get(plain(cell('Boite_vitesse')));
    if (!transmission) fail('Boite_vitesse', `unknown gearbox "${cell('Boite_vitesse')}"`);
    const firstRegistration = text('Date_premiere_mise_en_circulation');
    if (firstRegistration && !/^\d{4}-\d{2}-\d{2}$/.test(firstRegistration)) {
      fail('Date_premiere_mise_en_circulation', `expected YYYY-MM-DD, got "${firstRegistration}"`);
    }
    const listing: ParsedListing = {
      line,
      make: make ?? '',
      model: model ?? '',
      modelYear: int('Annee_modele', 1950, maxYear),
      mileageKm: int('Km', 0, 2_000_000),
      firstRegistration,
      fuel: fuel!,
      transmission: transmission!,
      powerHp: int('Puissance', 1, 2000),
      emissionStandard: text('Critere_air'),
      colour: text('Couleur'),
      bodyType: text('Type_vehicule'),
      country: text('Pays'),
      newPriceEur: amount('Prix_neuf', false),
      priceEur: amount('Prix_occasion', true) ?? 0,
    };
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else parsed.push(listing);
  }
  if (errors.length > 0) throw new ListingsFileError(errors);
  return parsed;
}

/** The pricing engine's view of a listing. */
export function toPriceSample(
  listing: Pick<ParsedListing, 'modelYear' | 'mileageKm' | 'fuel' | 'transmission' | 'powerHp' | 'newPriceEur' | 'priceEur'>,
  carModel: string,
): PriceSample {
  return {
    carModel,
    year: listing.modelYear,
    mileageKm: listing.mileageKm,
    fuel: listing.fuel,
    transmission: listing.transmission,
    powerHp: listing.powerHp,
    newPrice: listing.newPriceEur,
    price: listing.priceEur,
  };
}
