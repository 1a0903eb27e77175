import type { VehicleModelRow } from '../db/tables.js';

/**
 * Several catalog rows can share a make/model name (generations, photo
 * classes). Prefer a row in `preferred` (e.g. one with listings), then one
 * whose years contain the car's model year, then the first by id.
 */
export function pickVehicle(matches: readonly VehicleModelRow[], year: number, preferred: ReadonlySet<string>): VehicleModelRow | null {
  const coversYear = (row: VehicleModelRow) =>
    row.yearFrom != null && row.yearFrom <= year && (row.inProduction || (row.yearTo ?? row.yearFrom) >= year);
  const score = (row: VehicleModelRow) => (preferred.has(row.id) ? 2 : 0) + (coversYear(row) ? 1 : 0);
  let best: VehicleModelRow | null = null;
  for (const row of matches) if (!best || score(row) > score(best)) best = row;
  return best;
}
