/**
 * Cleaning rules of listings, explicit and reported: each row is kept or
 * dropped for the first rule it breaks, exact duplicates are dropped, and the
 * report counts every reason with example lines. A dropped row never reaches
 * the database or training.
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '../pricing/limits.js';
import type { Fuel, Transmission } from '../pricing/types.js';
import type { DescriptiveField, RawListing } from './read-listings.js';
import type { ListingSource } from './sources.js';


export type DropReason =
  | 'malformed-row'
  | 'missing-make-or-model'
  | 'unknown-car-model'
  | 'missing-power'
  | 'missing-gearbox'
  | 'unsupported-fuel'
  | 'year-out-of-range'
  | 'mileage-out-of-range'
  | 'power-out-of-range'
  | 'price-out-of-range'
  | 'duplicate';

/** A listing that passed every rule, mapped onto a catalog car model. */
export interface CleanListing extends Pick<RawListing, 'newPriceEur' | DescriptiveField> {
  line: number;
  vehicleModelId: string;
  /** Engine code or variant the model was written as ("320", "E 220"), when the name mapping kept one. */
  variant: string | null;
  make: string;
  model: string;
  modelYear: number;
  mileageKm: number;
  fuel: Fuel;
  transmission: Transmission;
  powerHp: number;
  priceEur: number;
  /** Hash of the listing's values: the natural key that makes re-imports idempotent. */
  rowHash: string;
}

export interface CarModelMatch {
  vehicleModelId: string;
  variant: string | null;
}

/** Maps a make/model as written onto a catalog car model; null when the catalog has none. */
export type CarModelResolver = (make: string, model: string, year: number) => CarModelMatch | null;

export interface DropCount {
  reason: DropReason;
  description: string;
  count: number;
  /** The first few file lines dropped for this reason. */
  lines: number[];
}

export interface CleaningReport {
  source: string;
  /** Data rows read (the header excluded). */
  read: number;
  kept: number;
  /** Every reason with its count, in rule order; reasons with no row are listed with 0. */
  dropped: DropCount[];
}

const EXAMPLE_LINES = 10;

type Check = (row: RawListing, context: { source: ListingSource; maxYear: number }) => boolean;

const isWhole = (value: number | null, min: number, max: number): boolean =>
  value !== null && Number.isInteger(value) && value >= min && value <= max;

/**
 * The value rules in the order they are applied (then the catalog lookup, then duplicates); a row is
 * dropped for the first one it breaks. Beyond the plausible ranges (LIMITS) a listing is a typo or a
 * placeholder (1,111,111 km, 1 hp, 1.2 M EUR).
 */
const RULES: readonly { reason: DropReason; description: string; breaks: Check }[] = [
  { reason: 'malformed-row', description: 'another number of fields than the header', breaks: (row) => !row.wellFormed },
  { reason: 'missing-make-or-model', description: 'make or model empty', breaks: (row) => row.make === '' || row.model === '' },
  { reason: 'missing-power', description: 'power (hp) empty or not a number', breaks: (row) => row.powerHp === null || Number.isNaN(row.powerHp) },
  {
    reason: 'missing-gearbox',
    description: 'gearbox empty or unknown',
    breaks: (row, { source }) => !source.transmissions.has(row.transmission),
  },
  {
    reason: 'unsupported-fuel',
    description: 'fuel empty, unknown or too rare to price (others, ethanol, hydrogen)',
    breaks: (row, { source }) => !source.fuels.get(row.fuel),
  },
  {
    reason: 'year-out-of-range',
    description: `model year not a whole number from ${LIMITS.minYear} to the market year + 1`,
    breaks: (row, { maxYear }) => !isWhole(row.year, LIMITS.minYear, maxYear),
  },
  {
    reason: 'mileage-out-of-range',
    description: `mileage not a whole number of km from 0 to ${LIMITS.maxMileageKm}`,
    breaks: (row) => !isWhole(row.mileageKm, 0, LIMITS.maxMileageKm),
  },
  {
    reason: 'power-out-of-range',
    description: `power not from ${LIMITS.minPowerHp} to ${LIMITS.maxPowerHp} hp`,
    breaks: (row) => !isWhole(row.powerHp, LIMITS.minPowerHp, LIMITS.maxPowerHp),
  },
  {
    reason: 'price-out-of-range',
    description: `price not from ${LIMITS.minPriceEur} to ${LIMITS.maxPriceEur} EUR`,
    breaks: (row) =>
      row.priceEur === null ||
      !(row.priceEur >= LIMITS.minPriceEur && row.priceEur <= LIMITS.maxPriceEur) ||
      (row.newPriceEur !== null && !(row.newPriceEur >= LIMITS.minPriceEur && row.newPriceEur <= LIMITS.maxNewPriceEur)),
  },
];

const UNKNOWN_MODEL = { reason: 'unknown-car-model' as const, description: 'make/model not in the catalog' };
const DUPLICATE = { reason: 'duplicate' as const, description: 'exact duplicate of an earlier row of the file' };

/** Latest model year a source's listings may have: its market year + 1, else the current year + 1. */
export function maxListingYear(source: ListingSource, now: Date): number {
  const market = source.asOf ? Number(source.asOf.slice(0, 4)) : NaN;
  return (Number.isInteger(market) ? market : now.getUTCFullYear()) + 1;
}

export function rowHash(listing: Omit<CleanListing, 'line' | 'rowHash' | 'vehicleModelId' | 'variant'>): string {
  const { make, model, modelYear, mileageKm, fuel, transmission, powerHp, priceEur, newPriceEur, offerType, firstRegistration } =
    listing;
  return createHash('sha256')
    .update(
      JSON.stringify([make, model, modelYear, mileageKm, fuel, transmission, powerHp, priceEur, newPriceEur, offerType, firstRegistration]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** Applies the rules to a stream of rows; keeps state for duplicates and the report. */
export class ListingCleaner {
  private readonly counts = new Map<DropReason, DropCount>();
  private readonly seen = new Set<string>();
  private readonly maxYear: number;
  private read = 0;
  private kept = 0;

  constructor(
    private readonly source: ListingSource,
    private readonly resolve: CarModelResolver,
    now: Date = new Date(),
  ) {
    this.maxYear = maxListingYear(source, now);
    for (const rule of [...RULES, UNKNOWN_MODEL, DUPLICATE]) {
      this.counts.set(rule.reason, { reason: rule.reason, description: rule.description, count: 0, lines: [] });
    }
  }

  /** The cleaned listing, or null when the row is dropped (and counted). */
  clean(row: RawListing): CleanListing | null {
    this.read += 1;
    const context = { source: this.source, maxYear: this.maxYear };
    for (const rule of RULES) {
      if (rule.breaks(row, context)) return this.drop(rule.reason, row.line);
    }
    // The catalog lookup after the cheap checks, so it runs once per plausible row.
    const match = this.resolve(row.make, row.model, row.year!);
    if (!match) return this.drop('unknown-car-model', row.line);
    const values = {
      make: row.make,
      model: row.model,
      modelYear: row.year!,
      mileageKm: row.mileageKm!,
      fuel: this.source.fuels.get(row.fuel)!,
      transmission: this.source.transmissions.get(row.transmission)!,
      powerHp: row.powerHp!,
      priceEur: row.priceEur!,
      newPriceEur: row.newPriceEur,
      offerType: row.offerType,
      firstRegistration: row.firstRegistration,
      emissionStandard: row.emissionStandard,
      colour: row.colour,
      bodyType: row.bodyType,
      country: row.country,
    };
    const hash = rowHash(values);
    if (this.seen.has(hash)) return this.drop('duplicate', row.line);
    this.seen.add(hash);
    this.kept += 1;
    return { line: row.line, vehicleModelId: match.vehicleModelId, variant: match.variant, ...values, rowHash: hash };
  }

  report(): CleaningReport {
    return { source: this.source.id, read: this.read, kept: this.kept, dropped: [...this.counts.values()].map((d) => ({ ...d })) };
  }

  private drop(reason: DropReason, line: number): null {
    const entry = this.counts.get(reason)!;
    entry.count += 1;
    if (entry.lines.length < EXAMPLE_LINES) entry.lines.push(line);
    return null;
  }
}
