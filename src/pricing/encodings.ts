/**
 * Target encodings of makes and car models: the mean log price of their
 * listings, shrunk toward the make's (toward all listings' for a make), so a
 * car model with three listings does not get the price of those three.
 *
 * Training rows get out-of-fold encodings (computed without their own fold):
 * an encoding that contains a row's own price would teach the trees to trust
 * it more than it deserves for a car they have not seen.
 */
import { assignFolds } from './cv.js';
import type { Encodings } from './features.js';
import { median } from './metrics.js';
import type { GroupEncoding } from './types.js';

/** Pseudo-rows of the prior in each shrunk mean. */
export const MAKE_PRIOR_ROWS = 20;
export const CAR_MODEL_PRIOR_ROWS = 5;

export interface EncodingRow {
  make: string;
  carModel: string;
  logPrice: number;
  powerHp: number;
}

export interface EncodingTable {
  global: GroupEncoding;
  makes: Map<string, GroupEncoding>;
  carModels: Map<string, GroupEncoding & { make: string }>;
}

function groups<K extends 'make' | 'carModel'>(rows: readonly EncodingRow[], indices: readonly number[], key: K) {
  const byKey = new Map<string, { sum: number; powers: number[]; make: string }>();
  for (const i of indices) {
    const row = rows[i];
    const entry = byKey.get(row[key]) ?? { sum: 0, powers: [], make: row.make };
    entry.sum += row.logPrice;
    entry.powers.push(row.powerHp);
    byKey.set(row[key], entry);
  }
  return byKey;
}

/** Encodings from the rows at `indices`. Keys are sorted so the table (and its JSON) never depends on row order. */
export function encodingTable(rows: readonly EncodingRow[], indices: readonly number[]): EncodingTable {
  if (indices.length === 0) throw new Error('encodingTable: no rows');
  let sum = 0;
  for (const i of indices) sum += rows[i].logPrice;
  const global: GroupEncoding = {
    logPrice: sum / indices.length,
    rows: indices.length,
    powerHp: median(indices.map((i) => rows[i].powerHp)),
  };
  const makes = new Map<string, GroupEncoding>();
  for (const [make, g] of [...groups(rows, indices, 'make')].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = g.powers.length;
    makes.set(make, {
      logPrice: (g.sum + MAKE_PRIOR_ROWS * global.logPrice) / (n + MAKE_PRIOR_ROWS),
      rows: n,
      powerHp: median(g.powers),
    });
  }
  const carModels = new Map<string, GroupEncoding & { make: string }>();
  for (const [carModel, g] of [...groups(rows, indices, 'carModel')].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const n = g.powers.length;
    const prior = makes.get(g.make)!;
    carModels.set(carModel, {
      make: g.make,
      logPrice: (g.sum + CAR_MODEL_PRIOR_ROWS * prior.logPrice) / (n + CAR_MODEL_PRIOR_ROWS),
      rows: n,
      powerHp: median(g.powers),
    });
  }
  return { global, makes, carModels };
}

/** The encodings of one car: its car model's and make's, or the global ones where the table has none. */
export function lookupEncodings(table: Pick<EncodingTable, 'global' | 'makes' | 'carModels'>, make: string | null, carModel: string | null): Encodings {
  const makeEncoding = (make !== null ? table.makes.get(make) : undefined) ?? table.global;
  return { make: makeEncoding, carModel: (carModel !== null ? table.carModels.get(carModel) : undefined) ?? null };
}

/**
 * Out-of-fold encodings of the rows at `indices`: each row encoded by a table
 * built from the other inner folds. A group absent from the other folds falls
 * back to its make (or to all rows), as an unseen car model would.
 */
export function outOfFoldEncodings(rows: readonly EncodingRow[], indices: readonly number[], folds: number, seed: number): Encodings[] {
  const inner = assignFolds(indices.length, folds, seed);
  const foldCount = Math.min(folds, indices.length);
  const result = new Array<Encodings>(indices.length);
  for (let fold = 0; fold < foldCount; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    inner.forEach((f, k) => (f === fold ? test : train).push(k));
    if (test.length === 0 || train.length === 0) continue;
    const table = encodingTable(
      rows,
      train.map((k) => indices[k]),
    );
    for (const k of test) result[k] = lookupEncodings(table, rows[indices[k]].make, rows[indices[k]].carModel);
  }
  // A single row has no other fold: it is encoded by its make prior only.
  for (let k = 0; k < result.length; k++) {
    result[k] ??= lookupEncodings(encodingTable(rows, indices), null, null);
  }
  return result;
}

export const tableToJson = (table: EncodingTable) => ({
  global: table.global,
  makes: Object.fromEntries(table.makes),
  carModels: Object.fromEntries(table.carModels),
});
