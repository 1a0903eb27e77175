/**
 * Builds the catalog of known car models from the shipped seed files: the 70
 * class ids of the original classifier, the 20 photo classes of the shipped
 * classifier and the 5 car models that have listings. Characteristics come
 * only from a named source; anything unknown stays null.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../lib/csv.js';
import type { NewVehicleModelRow } from '../tables.js';
import { parseClassId } from './class-ids.js';
import { makeKeys, modelKeys, nameKey, slugify } from './names.js';

export interface CatalogSources {
  listings: Record<string, string>;
  /** `usSpecs`: the US model of that name is the same car, so the US specs may describe it. */
  photoClasses: Record<string, { make: string; model: string; usSpecs?: boolean }>;
}

export interface CatalogEntry {
  row: NewVehicleModelRow;
  aliases: { makeKey: string; modelKey: string }[];
}

interface SpecRow {
  make: string;
  model: string;
  year: number;
  fuel: string;
  hp: number | null;
  transmission: string;
  drivenWheels: string;
  doors: number | null;
  size: string;
  style: string;
  msrp: number | null;
}

export function readCatalogSources(seedDir: string): CatalogSources {
  return JSON.parse(fs.readFileSync(path.join(seedDir, 'catalog-sources.json'), 'utf8')) as CatalogSources;
}

export function buildCatalog(seedDir: string): CatalogEntry[] {
  const sources = readCatalogSources(seedDir);
  const classIds = JSON.parse(fs.readFileSync(path.join(seedDir, 'seed-classes.json'), 'utf8')) as string[];
  const specs = readSpecs(path.join(seedDir, 'specs', 'car-features-msrp.csv'));
  const listingLabels = new Map(Object.entries(sources.listings).map(([file, label]) => [label, file]));

  const entries: CatalogEntry[] = [];
  for (const label of classIds) {
    const parsed = parseClassId(label);
    const listingsFile = listingLabels.get(label);
    const listingNames = listingsFile ? readListingNames(path.join(seedDir, 'prices', listingsFile)) : null;
    const origins = ['seed-classes', ...(listingsFile ? ['listings'] : [])];
    const entry = makeEntry(
      {
        sourceLabel: label,
        make: parsed.make,
        model: parsed.model,
        generation: parsed.generation,
        yearFrom: parsed.yearFrom,
        yearTo: parsed.yearTo,
        inProduction: parsed.inProduction,
        bodyStyle: parsed.bodyStyle,
        bodyStyleSource: parsed.bodyStyle ? 'class id' : null,
        newPriceEur: listingNames?.newPrice ?? null,
        newPriceSource: listingNames?.newPrice ? `listings (${listingsFile})` : null,
        origins: origins.join(','),
      },
      specs,
    );
    if (listingNames) entry.aliases.push(...aliasesFor(listingNames.make, listingNames.model));
    entries.push(entry);
  }
  for (const [label, { make, model, usSpecs }] of Object.entries(sources.photoClasses)) {
    entries.push(
      makeEntry(
        {
          sourceLabel: label,
          make,
          model,
          generation: null,
          yearFrom: null,
          yearTo: null,
          inProduction: false,
          bodyStyle: null,
          bodyStyleSource: null,
          newPriceEur: null,
          newPriceSource: null,
          origins: 'photo-classes',
        },
        usSpecs ? specs : [],
      ),
    );
  }
  return dedupeAliases(entries);
}

type BaseRow = Omit<NewVehicleModelRow, 'id'>;

function makeEntry(base: BaseRow, specs: SpecRow[]): CatalogEntry {
  const years =
    base.yearFrom === null || base.yearFrom === undefined
      ? null
      : base.inProduction
        ? `${base.yearFrom}-present`
        : base.yearTo === base.yearFrom
          ? `${base.yearFrom}`
          : `${base.yearFrom}-${base.yearTo}`;
  const row: NewVehicleModelRow = {
    id: slugify(base.make, base.model, base.generation, years),
    ...base,
    ...specsFor(base, specs),
  };
  if (!row.bodyStyle && row.specsSource) row.bodyStyle = mostCommon(matchingSpecs(base, specs).map((s) => s.style));
  if (row.bodyStyle && !row.bodyStyleSource) row.bodyStyleSource = row.specsSource ? 'US specs' : null;
  return { row, aliases: aliasesFor(base.make, base.model) };
}

function aliasesFor(make: string, model: string): { makeKey: string; modelKey: string }[] {
  return makeKeys(make).flatMap((makeKey) => modelKeys(model).map((modelKey) => ({ makeKey, modelKey })));
}

function dedupeAliases(entries: CatalogEntry[]): CatalogEntry[] {
  for (const entry of entries) {
    const seen = new Set<string>();
    entry.aliases = entry.aliases.filter(({ makeKey, modelKey }) => {
      const key = `${makeKey}|${modelKey}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return entries;
}

function readListingNames(file: string): { make: string; model: string; newPrice: number | null } | null {
  const { rows } = parseCsv(fs.readFileSync(file, 'utf8'));
  if (rows.length === 0) return null;
  const prices = rows.map((r) => Number(r.values.get('Prix_neuf'))).filter((p) => Number.isFinite(p) && p > 0);
  // The listing files carry one new price per car model; take the most common one.
  const newPrice = prices.length > 0 ? Number(mostCommon(prices.map(String))) : null;
  return { make: rows[0].values.get('Marque') ?? '', model: rows[0].values.get('Modele') ?? '', newPrice };
}

function readSpecs(file: string): SpecRow[] {
  const number = (value: string): number | null => (value === '' || Number.isNaN(Number(value)) ? null : Number(value));
  return parseCsv(fs.readFileSync(file, 'utf8')).rows.map(({ values }) => {
    const get = (column: string): string => values.get(column) ?? '';
    return {
      make: get('Make'),
      model: get('Model'),
      year: Number(get('Year')),
      fuel: get('Engine Fuel Type'),
      hp: number(get('Engine HP')),
      transmission: get('Transmission Type'),
      drivenWheels: get('Driven_Wheels'),
      doors: number(get('Number of Doors')),
      size: get('Vehicle Size'),
      style: get('Vehicle Style'),
      msrp: number(get('MSRP')),
    };
  });
}

function matchingSpecs(base: BaseRow, specs: SpecRow[]): SpecRow[] {
  const makes = new Set(makeKeys(base.make));
  const models = new Set(modelKeys(base.model));
  const from = base.yearFrom ?? -Infinity;
  const to = base.yearTo ?? (base.inProduction || base.yearFrom == null ? Infinity : base.yearFrom);
  return specs.filter(
    (s) => makes.has(nameKey(s.make)) && models.has(nameKey(s.model)) && s.year >= from && s.year <= to,
  );
}

function specsFor(base: BaseRow, specs: SpecRow[]): Partial<NewVehicleModelRow> {
  // The US specs name no generation (F20, W212...), so a generation-specific row
  // could be matched to another generation sold under the same name: skip those.
  if (base.generation) return {};
  const rows = matchingSpecs(base, specs);
  if (rows.length === 0) return {};
  const hp = rows.map((r) => r.hp).filter((v): v is number => v !== null);
  const msrp = rows.map((r) => r.msrp).filter((v): v is number => v !== null);
  const years = rows.map((r) => r.year);
  const doors = mostCommon(rows.map((r) => r.doors).filter((d) => d !== null).map(String));
  return {
    powerHpMin: hp.length ? Math.min(...hp) : null,
    powerHpMax: hp.length ? Math.max(...hp) : null,
    fuelTypes: distinct(rows.map((r) => fuelOf(r.fuel))),
    transmissions: distinct(rows.map((r) => r.transmission.replace(/_/g, ' ').toUpperCase())),
    drivenWheels: distinct(rows.map((r) => r.drivenWheels)),
    doors: doors ? Number(doors) : null,
    vehicleSize: mostCommon(rows.map((r) => r.size)),
    msrpUsdMin: msrp.length ? Math.min(...msrp) : null,
    msrpUsdMax: msrp.length ? Math.max(...msrp) : null,
    specsSource: `US specs (Car Features and MSRP): ${rows[0].make} ${rows[0].model} ${Math.min(...years)}-${Math.max(...years)}, ${rows.length} trims`,
  };
}

function fuelOf(specFuel: string): string {
  if (/electric/.test(specFuel)) return 'ELECTRIC';
  if (/diesel/.test(specFuel)) return 'DIESEL';
  if (/natural gas/.test(specFuel)) return 'LPG';
  if (/unleaded|flex/.test(specFuel)) return 'PETROL';
  return 'UNKNOWN';
}

function distinct(values: string[]): string | null {
  const kept = [...new Set(values.filter((v) => v && v !== 'UNKNOWN'))].sort();
  return kept.length > 0 ? kept.join(',') : null;
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [value, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > bestCount) [best, bestCount] = [value, count];
  }
  return best;
}
