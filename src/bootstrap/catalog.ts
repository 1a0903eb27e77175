/**
 * Builds the catalog from the shipped seed files: one vehicle per car model
 * (make/model) of the market listings, plus one for each photo class or seed
 * class id whose car model the market does not list (e.g. Renault Symbol).
 * Every photo class and class id is a label of exactly one vehicle.
 * Characteristics come only from a named source; anything unknown stays null.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../lib/csv.js';
import { groupBy } from '../lib/group-by.js';
import { resolveMarketName, type MarketName } from '../catalog/market-names.js';
import type { NewVehicleEngineRow, NewVehicleGenerationRow, NewVehicleLabelRow, NewVehicleModelRow } from '../db/tables.js';
import { parseClassId } from './class-ids.js';
import { makeKeys, modelKeys, nameKey, slugify } from '../catalog/names.js';

export const MARKET_FILE = path.join('market', 'autoscout24-de.csv');
export const AUTOEVOLUTION_FILE = path.join('specs', 'autoevolution-catalog.json');

export interface CatalogSources {
  listings: Record<string, string>;
  photoClasses: Record<string, { make: string; model: string }>;
}

/** A vehicle of the catalog before its characteristics are attached. */
export interface CatalogVehicle {
  id: string;
  make: string;
  model: string;
  /** Raw make/model pairs it was named by (market rows, class ids, study files). */
  names: [make: string, model: string][];
  marketRows: number;
  origins: Set<string>;
}

export interface CatalogNames {
  vehicles: Map<string, CatalogVehicle>;
  /** `nameKey(make)|nameKey(model)` of each vehicle's canonical name -> its id ("DS 3" and "DS3" are one car). */
  byName: Map<string, string>;
  labels: NewVehicleLabelRow[];
}

export const vehicleNameKey = (make: string, model: string): string => `${nameKey(make)}|${nameKey(model)}`;

/** One generation as stored in autoevolution-catalog.json (built by `npm run build:specs`). */
export interface SpecsGeneration extends Omit<NewVehicleGenerationRow, 'id' | 'vehicleModelId' | 'source'> {
  engines: Omit<NewVehicleEngineRow, 'id' | 'generationId'>[];
}

export interface SpecsCatalog {
  source: string;
  generations: Record<string, SpecsGeneration[]>;
}

export interface CatalogEntry {
  row: NewVehicleModelRow;
  aliases: { makeKey: string; modelKey: string }[];
  labels: NewVehicleLabelRow[];
  generations: SpecsGeneration[];
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

/**
 * The vehicles and labels of the catalog, from names alone: the market's
 * make/model pairs (after resolveMarketName), then each class id and photo
 * class mapped onto one of them, or onto a vehicle of its own.
 */
export function catalogNames(seedDir: string): CatalogNames {
  const vehicles = new Map<string, CatalogVehicle>();
  const byName = new Map<string, string>();
  const add = (name: MarketName, raw: [string, string], origin: string, rows = 0): CatalogVehicle => {
    const id = byName.get(vehicleNameKey(name.make, name.model)) ?? slugify(name.make, name.model);
    const vehicle = vehicles.get(id) ?? { id, make: name.make, model: name.model, names: [], marketRows: 0, origins: new Set<string>() };
    vehicles.set(id, vehicle);
    byName.set(vehicleNameKey(name.make, name.model), id);
    vehicle.names.push(raw);
    vehicle.marketRows += rows;
    vehicle.origins.add(origin);
    return vehicle;
  };

  // Most listed spelling first, so that it names the vehicle ("Golf" rather than "golf").
  const pairs = [...readMarketPairs(path.join(seedDir, MARKET_FILE))].sort((a, b) => b[1] - a[1]);
  for (const [pair, rows] of pairs) {
    const [make, model] = pair.split('\u0000');
    const name = resolveMarketName(make, model);
    if (name) add(name, [make, model], 'market', rows);
  }

  const labels: NewVehicleLabelRow[] = [];
  const sources = readCatalogSources(seedDir);
  const studyLabels = new Set(Object.values(sources.listings));
  const classIds = JSON.parse(fs.readFileSync(path.join(seedDir, 'seed-classes.json'), 'utf8')) as string[];
  for (const label of classIds) {
    const parsed = parseClassId(label);
    const vehicle = add(labelName(parsed.make, parsed.model, byName), [parsed.make, parsed.model], 'seed-classes');
    if (studyLabels.has(label)) vehicle.origins.add('listings');
    labels.push({
      label,
      vehicleModelId: vehicle.id,
      origin: 'seed-classes',
      generation: parsed.generation,
      yearFrom: parsed.yearFrom,
      yearTo: parsed.yearTo,
      inProduction: parsed.inProduction,
    });
  }
  for (const [label, { make, model }] of Object.entries(sources.photoClasses)) {
    const vehicle = add(labelName(make, model, byName), [make, model], 'photo-classes');
    labels.push({ label, vehicleModelId: vehicle.id, origin: 'photo-classes', generation: null, yearFrom: null, yearTo: null, inProduction: false });
  }
  return { vehicles, byName, labels };
}

/**
 * The longest leading part of a model name that names a known vehicle
 * ("A1 Sportback 5 doors" -> A1, "Prius Prime" -> Prius), trying each
 * alternative of "ix35 / Tucson"; `words` may leave out words (generation markers).
 */
export function findKnownName(
  make: string,
  model: string,
  byName: ReadonlyMap<string, string>,
  words: (alternative: string) => string[] = (alternative) => alternative.split(/\s+/).filter(Boolean),
): { name: MarketName; id: string; candidate: string } | null {
  for (const alternative of model.split(/\s*\/\s*/)) {
    const kept = words(alternative);
    for (let n = kept.length; n > 0; n--) {
      const candidate = kept.slice(0, n).join(' ');
      const name = resolveMarketName(make, candidate);
      const id = name && byName.get(vehicleNameKey(name.make, name.model));
      if (id) return { name, id, candidate };
    }
  }
  return null;
}

/** The vehicle a class name refers to: a known one (see findKnownName), else the name itself. */
function labelName(make: string, model: string, byName: ReadonlyMap<string, string>): MarketName {
  return findKnownName(make, model, byName)?.name ?? resolveMarketName(make, model.split(' / ')[0]) ?? { make, model, variant: null };
}

/** Distinct "make\0model" pairs of the market file with their row counts. */
function readMarketPairs(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { values } of parseCsv(fs.readFileSync(file, 'utf8')).rows) {
    const pair = `${values.get('make') ?? ''}\u0000${values.get('model') ?? ''}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

export function buildCatalog(seedDir: string): CatalogEntry[] {
  const { vehicles, labels } = catalogNames(seedDir);
  const sources = readCatalogSources(seedDir);
  const specs = indexSpecs(readSpecs(path.join(seedDir, 'specs', 'car-features-msrp.csv')));
  const autoevolution = readSpecsCatalog(seedDir);
  const newPrices = studyNewPrices(seedDir, sources, labels);
  const labelsOf = groupBy(labels, (label) => label.vehicleModelId);

  return [...vehicles.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((vehicle) => {
      const ownLabels = labelsOf.get(vehicle.id) ?? [];
      const generations = autoevolution.generations[vehicle.id] ?? [];
      const newPrice = newPrices.get(vehicle.id);
      const row: NewVehicleModelRow = {
        id: vehicle.id,
        // The photo class or class id it answers to first, or the market it comes from.
        sourceLabel: ownLabels.find((l) => l.origin === 'photo-classes')?.label ?? ownLabels[0]?.label ?? 'market',
        make: vehicle.make,
        model: vehicle.model,
        ...productionYears(generations),
        newPriceEur: newPrice?.price ?? null,
        newPriceSource: newPrice ? `listings (${newPrice.file})` : null,
        ...specsFor(vehicle, specs),
        origins: [...vehicle.origins].sort().join(','),
      };
      return { row, aliases: aliasesFor(vehicle), labels: ownLabels, generations };
    });
}

export function readSpecsCatalog(seedDir: string): SpecsCatalog {
  return JSON.parse(fs.readFileSync(path.join(seedDir, AUTOEVOLUTION_FILE), 'utf8')) as SpecsCatalog;
}

/** The span of the generations' years; null when no source gives any. */
function productionYears(generations: SpecsGeneration[]): Pick<NewVehicleModelRow, 'yearFrom' | 'yearTo' | 'inProduction'> {
  const from = generations.map((g) => g.yearFrom).filter((y): y is number => y != null);
  if (from.length === 0) return { yearFrom: null, yearTo: null, inProduction: false };
  const inProduction = generations.some((g) => g.inProduction);
  const to = generations.map((g) => g.yearTo ?? g.yearFrom).filter((y): y is number => y != null);
  return { yearFrom: Math.min(...from), yearTo: inProduction ? null : Math.max(...to), inProduction };
}

function aliasesFor(vehicle: CatalogVehicle): { makeKey: string; modelKey: string }[] {
  const seen = new Set<string>();
  const aliases: { makeKey: string; modelKey: string }[] = [];
  const push = (makeKey: string, modelKey: string) => {
    const pairKey = `${makeKey}|${modelKey}`;
    if (modelKey === '' || seen.has(pairKey)) return;
    seen.add(pairKey);
    aliases.push({ makeKey, modelKey });
  };
  const canonicalMakes = makeKeys(vehicle.make);
  for (const makeKey of canonicalMakes) for (const modelKey of modelKeys(vehicle.model)) push(makeKey, modelKey);
  // The raw names ("BMW" + "320", "Alfa" + "Romeo Giulia", "Mercedes" + "Classe E") under their own and the canonical make.
  for (const [make, model] of vehicle.names) {
    for (const makeKey of new Set([nameKey(make), ...canonicalMakes])) for (const modelKey of modelKeys(model)) push(makeKey, modelKey);
  }
  return aliases;
}

/** The new price of each study model, from its listings file (one new price per car model there). */
function studyNewPrices(seedDir: string, sources: CatalogSources, labels: NewVehicleLabelRow[]): Map<string, { price: number; file: string }> {
  const prices = new Map<string, { price: number; file: string }>();
  for (const [file, label] of Object.entries(sources.listings)) {
    const vehicleId = labels.find((l) => l.label === label)?.vehicleModelId;
    if (!vehicleId) throw new Error(`catalog-sources.json: listings file ${file} names unknown class ${label}`);
    const { rows } = parseCsv(fs.readFileSync(path.join(seedDir, 'prices', file), 'utf8'));
    const values = rows.map((r) => Number(r.values.get('Prix_neuf'))).filter((p) => Number.isFinite(p) && p > 0);
    const price = mostCommon(values.map(String));
    if (price && !prices.has(vehicleId)) prices.set(vehicleId, { price: Number(price), file });
  }
  return prices;
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

const indexSpecs = (rows: SpecRow[]): Map<string, SpecRow[]> => groupBy(rows, (row) => vehicleNameKey(row.make, row.model));

/** US specs of the same make and model name (any year: a vehicle is the car model, not one generation). */
function specsFor(vehicle: CatalogVehicle, specs: Map<string, SpecRow[]>): Partial<NewVehicleModelRow> {
  const keys = new Set(makeKeys(vehicle.make).flatMap((make) => modelKeys(vehicle.model).map((model) => `${make}|${model}`)));
  const rows = [...keys].flatMap((key) => specs.get(key) ?? []);
  if (rows.length === 0) return {};
  const hp = rows.map((r) => r.hp).filter((v): v is number => v !== null);
  const msrp = rows.map((r) => r.msrp).filter((v): v is number => v !== null);
  const years = rows.map((r) => r.year);
  const doors = mostCommon(rows.map((r) => r.doors).filter((d) => d !== null).map(String));
  // All the styles the US trims come in: the most common one alone would make the BMW 1 Series a convertible.
  const bodyStyle = distinct(rows.map((r) => r.style));
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
    bodyStyle,
    bodyStyleSource: bodyStyle ? 'US specs' : null,
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

export function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [value, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > bestCount) [best, bestCount] = [value, count];
  }
  return best;
}
