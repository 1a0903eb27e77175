/**
 * Parses a listings CSV (the French columns of the shipped price files) into
 * validated rows. All row errors are collected so that a rejected file can be
 * fixed in one go; a file with any error is rejected whole.
 */
import { parseCsv } from '../lib/csv.js';

export const FUELS = ['PETROL', 'DIESEL', 'HYBRID', 'ELECTRIC', 'LPG'] as const;
export const TRANSMISSIONS = ['MANUAL', 'AUTOMATIC'] as const;
export type Fuel = (typeof FUELS)[number];
export type Transmission = (typeof TRANSMISSIONS)[number];

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
  line: number;
  column: string | null;
  message: string;
}

export class ListingsFileError extends Error {
  constructor(readonly errors: RowError[]) {
    super(
      `Listings file rejected: ${errors.length} error(s): ` +
        errors
          .slice(0, 10)
          .map((e) => `line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`)
          .join('; ') +
        (errors.length > 10 ? '; …' : ''),
    );
    this.name = 'ListingsFileError';
  }
}

const REQUIRED_COLUMNS = ['Marque', 'Modele', 'Annee_modele', 'Km', 'Carburant', 'Boite_vitesse', 'Puissance', 'Prix_occasion'];

const FUEL_NAMES: Record<string, Fuel> = {
  essence: 'PETROL',
  petrol: 'PETROL',
  diesel: 'DIESEL',
  hybride: 'HYBRID',
  hybrid: 'HYBRID',
  electrique: 'ELECTRIC',
  electric: 'ELECTRIC',
  gaz: 'LPG',
  gpl: 'LPG',
  lpg: 'LPG',
};
const TRANSMISSION_NAMES: Record<string, Transmission> = {
  manuelle: 'MANUAL',
  manual: 'MANUAL',
  automatique: 'AUTOMATIC',
  automatic: 'AUTOMATIC',
};

const plain = (value: string): string => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();

export function parseListingsCsv(text: string, now: Date = new Date()): ParsedListing[] {
  const { header, rows } = parseCsv(text);
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new ListingsFileError([{ line: 1, column: null, message: `missing column(s): ${missing.join(', ')}` }]);
  }
  if (rows.length === 0) throw new ListingsFileError([{ line: 2, column: null, message: 'the file has no rows' }]);

  const errors: RowError[] = [];
  const parsed: ParsedListing[] = [];
  const maxYear = now.getUTCFullYear() + 1;
  for (const { line, values } of rows) {
    const rowErrors: RowError[] = [];
    const fail = (column: string, message: string) => rowErrors.push({ line, column, message });
    const text = (column: string): string | null => values[column] || null;
    const int = (column: string, min: number, max: number): number => {
      const value = Number(values[column]);
      if (values[column] === '' || !Number.isInteger(value) || value < min || value > max) {
        fail(column, `expected an integer between ${min} and ${max}, got "${values[column] ?? ''}"`);
      }
      return value;
    };
    const amount = (column: string, required: boolean): number | null => {
      if (!values[column]) {
        if (required) fail(column, 'required');
        return null;
      }
      const value = Number(values[column]);
      if (!Number.isFinite(value) || value <= 0 || value > 10_000_000) fail(column, `expected a positive amount, got "${values[column]}"`);
      return value;
    };

    const make = text('Marque');
    const model = text('Modele');
    if (!make) fail('Marque', 'required');
    if (!model) fail('Modele', 'required');
    const fuel = FUEL_NAMES[plain(values.Carburant ?? '')];
    if (!fuel) fail('Carburant', `unknown fuel "${values.Carburant ?? ''}"`);
    const transmission = TRANSMISSION_NAMES[plain(values.Boite_vitesse ?? '')];
    if (!transmission) fail('Boite_vitesse', `unknown gearbox "${values.Boite_vitesse ?? ''}"`);
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
      fuel,
      transmission,
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
