/** What choosing needs of a catalog vehicle. */
interface Choice {
  id: string;
  yearFrom: number | null;
  yearTo: number | null;
  inProduction: boolean;
}

/**
 * Several catalog rows can share a make/model name (generations, photo
 * classes). Prefer a row in `preferred` (e.g. one with listings), then one
 * whose years contain the car's model year, then the first by id.
 */
export function pickVehicle<T extends Choice>(matches: readonly T[], year: number, preferred: ReadonlySet<string>): T | null {
  const coversYear = (row: T) =>
    row.yearFrom != null && row.yearFrom <= year && (row.inProduction || (row.yearTo ?? row.yearFrom) >= year);
  const score = (row: T) => (preferred.has(row.id) ? 2 : 0) + (coversYear(row) ? 1 : 0);
  let best: T | null = null;
  for (const row of matches) if (!best || score(row) > score(best)) best = row;
  return best;
}
