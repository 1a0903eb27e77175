/** The shared seed listings (data/seed/prices), keyed by catalog car model as the service seeds them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parseListingsCsv, toPriceSample } from '../../src/listings/parse-listings.js';
import type { PriceSample } from '../../src/pricing/types.js';

const seedDir = fileURLToPath(new URL('../../data/seed/', import.meta.url));

/** File name -> catalog key, from the seed's own mapping. */
export const LISTING_FILES: Record<string, string> = JSON.parse(
  readFileSync(`${seedDir}catalog-sources.json`, 'utf8'),
).listings;

export function readListings(file: string): string {
  return readFileSync(`${seedDir}prices/${file}`, 'utf8');
}

export function seedSamples(): PriceSample[] {
  return Object.entries(LISTING_FILES).flatMap(([file, carModel]) =>
    parseListingsCsv(readListings(file)).map((listing) => toPriceSample(listing, carModel)),
  );
}

/** Training year of the seed listings (their newest model year is 2024). */
export const REFERENCE_YEAR = 2025;

export const mape = (actual: number[], predicted: number[]): number =>
  actual.reduce((sum, value, i) => sum + Math.abs(predicted[i] - value) / value, 0) / actual.length;
