/**
 * Comparable listings: real listings of the same car model, nearest to the
 * priced car first. Distance, in units worth roughly the same share of the
 * price on these listings (one model year ~ 20,000 km ~ 20 hp):
 *
 *   d = |year - year'| + |km - km'| / 20,000 + |hp - hp'| / 20 + 2 [fuel differs] + 1 [gearbox differs]
 *
 * Ties go to the lower listing id, so pages are stable. Never a listing of
 * another car model: a car without listings of its own has no comparables.
 */
import { badInput } from '../../errors.js';
import type { ComparablesRepository, ComparableListing } from '../../db/repositories/comparables.js';
import type { CarDescription, PriceQuery } from '../../pricing/types.js';

export const COMPARABLE_WEIGHTS = { yearsPerUnit: 1, kmPerUnit: 20_000, hpPerUnit: 20, fuel: 2, transmission: 1 } as const;
export const DEFAULT_COMPARABLES = 5;
export const MAX_COMPARABLES = 50;

export function comparableDistance(car: CarDescription, listing: CarDescription): number {
  const w = COMPARABLE_WEIGHTS;
  return (
    Math.abs(car.year - listing.year) / w.yearsPerUnit +
    Math.abs(car.mileageKm - listing.mileageKm) / w.kmPerUnit +
    Math.abs(car.powerHp - listing.powerHp) / w.hpPerUnit +
    (car.fuel !== listing.fuel ? w.fuel : 0) +
    (car.transmission !== listing.transmission ? w.transmission : 0)
  );
}

const plural = (n: number, unit: string): string => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

/** How the listing differs from the priced car, in words ("2 years older", "30,000 km more"); empty when it is the same car. */
export function differences(car: CarDescription, listing: CarDescription): string[] {
  const out: string[] = [];
  const years = listing.year - car.year;
  if (years !== 0) out.push(`${plural(Math.abs(years), 'year')} ${years > 0 ? 'newer' : 'older'}`);
  const km = listing.mileageKm - car.mileageKm;
  if (km !== 0) out.push(`${Math.abs(km).toLocaleString('en-US')} km ${km > 0 ? 'more' : 'less'}`);
  const hp = listing.powerHp - car.powerHp;
  if (hp !== 0) out.push(`${Math.abs(hp)} hp ${hp > 0 ? 'more' : 'less'}`);
  if (listing.fuel !== car.fuel) out.push(listing.fuel.toLowerCase());
  if (listing.transmission !== car.transmission) out.push(`${listing.transmission.toLowerCase()} gearbox`);
  return out;
}

export interface Comparable extends ComparableListing {
  carModel: string;
  distance: number;
  differences: string[];
}

export interface ComparablesPage {
  edges: { cursor: string; node: Comparable }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

const CURSOR_PREFIX = 'comparable:';
const cursorOf = (position: number): string => Buffer.from(`${CURSOR_PREFIX}${position}`).toString('base64url');
function positionAfter(after: string | null | undefined): number {
  if (after == null) return 0;
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  const position = Number(decoded.slice(CURSOR_PREFIX.length));
  if (!decoded.startsWith(CURSOR_PREFIX) || !Number.isInteger(position) || position < 0) {
    throw badInput('after must be a cursor of a comparables page', 'after');
  }
  return position + 1;
}

export class ComparablesService {
  constructor(private readonly listings: ComparablesRepository) {}

  async comparables(query: PriceQuery, first: number, after?: string | null): Promise<ComparablesPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_COMPARABLES) throw badInput(`first must be from 1 to ${MAX_COMPARABLES}`, 'first');
    const start = positionAfter(after);
    const carModel = query.carModel;
    const rows = carModel === null ? [] : await this.listings.ofCarModel(carModel);
    const ranked = rows
      .map((row) => ({ ...row, carModel: carModel!, distance: comparableDistance(query, row), differences: differences(query, row) }))
      .sort((a, b) => a.distance - b.distance || a.id - b.id);
    const page = ranked.slice(start, start + first);
    return {
      edges: page.map((node, i) => ({ cursor: cursorOf(start + i), node })),
      hasNextPage: start + first < ranked.length,
      hasPreviousPage: start > 0,
      totalCount: ranked.length,
    };
  }
}
