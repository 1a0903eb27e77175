/**
 * Reads the autoevolution.com specs scrape (one record per engine option) into
 * generations of catalog vehicles. Used by `npm run build:specs`, which writes
 * the compact data/seed/specs/autoevolution-catalog.json that the seed reads.
 * Values the source leaves out ("-", "", "0") stay null.
 */
import { resolveMake } from '../catalog/market-names.js';
import { findKnownName, mostCommon, type SpecsGeneration } from './catalog.js';

/** The fields of an automobile.json record that the catalog uses. */
export interface AutoevolutionRecord {
  brand: string;
  model: string;
  year: string;
  option: string;
  url: string;
  engine_displacement: string;
  engine_power: string;
  engine_fuel: string;
  transmission_drive_type: string;
  transmission_gearbox: string;
  dimensions_length: string;
  dimensions_width: string;
  dimensions_height: string;
  dimensions_wheelbase: string;
  /** In pounds, without a unit. */
  weight_unladen: string;
}

const decode = (text: string): string =>
  text.replace(/&quot;/g, '"').replace(/&#0?39;|&rsquo;|’/g, "'").replace(/&amp;/g, '&');

/** "RENAULT  Clio 5 Doors 2016 - 2019 " -> "Clio 5 Doors". */
export function generationName(record: Pick<AutoevolutionRecord, 'brand' | 'model'>): string {
  const text = decode(record.model).replace(/\s+/g, ' ').trim();
  const withoutBrand = text.toLowerCase().startsWith(record.brand.toLowerCase()) ? text.slice(record.brand.length) : text;
  return withoutBrand.replace(/\s*\d{4}\s*-\s*(?:\d{4}|Present)\s*$/i, '').trim();
}

export function generationYears(year: string): { yearFrom: number | null; yearTo: number | null; inProduction: boolean } {
  const match = /^(\d{4})(?:\s*-\s*(\d{4}|Present))?/i.exec(year.trim());
  if (!match) return { yearFrom: null, yearTo: null, inProduction: false };
  const inProduction = /present/i.test(match[2] ?? '');
  return { yearFrom: Number(match[1]), yearTo: inProduction ? null : Number(match[2] ?? match[1]), inProduction };
}

/** Body styles a generation name states, most specific first. */
const BODY_STYLES: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/\b(?:Cabrio|Cabriolet|Convertible|Spider|Spyder)\b/i, 'Convertible'],
  [/\bRoadster\b/i, 'Roadster'],
  [/\b(?:Coupe|Coupé|SportCoupe)\b/i, 'Coupe'],
  [/\b(?:Estate|Wagon|Touring|Variant|Kombi|Combi|Break|Avant|Sportwagon|Sports ?Wagon|Sports Tourer|Shooting Brake|T-Modell|MCV|SW)\b/i, 'Estate'],
  [/\b(?:Sedan|Saloon|Limousine)\b/i, 'Sedan'],
  [/\b(?:Van|Panel Van)\b/i, 'Van'],
  [/\b(?:Pick-?up|Double Cab|Regular Cab|Super Cab|Extra Cab|Single Cab|Crew Cab|Super Crew)\b/i, 'Pickup'],
  [/\b(?:Liftback|Fastback)\b/i, 'Liftback'],
  [/\bHatchback\b/i, 'Hatchback'],
  [/\b([2-5])[\s-]*doors?\b/i, (m) => `${m[1]} doors`],
];

export function bodyStyleOf(name: string): string | null {
  for (const [pattern, style] of BODY_STYLES) {
    const match = pattern.exec(name);
    if (match) return typeof style === 'string' ? style : style(match);
  }
  return null;
}

/** Versions for other markets: the catalog is the German market's. */
const OTHER_MARKET = /\((?:US|USA|China|non-EUROPE|India)\)|\b(?:US|North American|Japan)\b/;
/** Generation markers that are not part of the model name: roman numerals, facelifts. */
const GENERATION_WORD = /^(?:II|III|IV|V|VI|VII|VIII|IX|LCI|Facelift|Mk\s?\d)$/i;

export interface GenerationMatch {
  vehicleId: string;
  /** Named by an engine code ("E 63 AMG", "M3"), not by the series name. */
  byCode: boolean;
}

/**
 * The catalog vehicle a generation belongs to: the longest leading part of its
 * name (chassis codes in brackets and roman numerals left out) that resolves to
 * a known vehicle, e.g. "Golf VII Variant" -> Golf Variant, "Golf VII 5 Doors"
 * -> Golf, "3 Series Sedan (F30)" -> 3 Series; each alternative of "3 / Axela".
 */
export function matchGeneration(brand: string, name: string, byName: ReadonlyMap<string, string>): GenerationMatch | null {
  const make = resolveMake(brand);
  if (!make || OTHER_MARKET.test(name)) return null;
  const words = (alternative: string) => alternative.split(/\s+/).filter((word, i) => word && !(i > 0 && GENERATION_WORD.test(word)));
  const found = findKnownName(make.make, name.replace(/\([^)]*\)/g, ' '), byName, words);
  if (!found) return null;
  return { vehicleId: found.id, byCode: found.name.variant !== null && found.name.variant === found.candidate };
}

const number = (text: string, pattern: RegExp): number | null => {
  const match = pattern.exec(text ?? '');
  const value = match ? Number(match[1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
};

const FUELS: [RegExp, string][] = [
  [/hybrid/i, 'HYBRID'],
  [/electric/i, 'ELECTRIC'],
  [/diesel/i, 'DIESEL'],
  [/gasoline|petrol/i, 'PETROL'],
  [/natural gas|cng/i, 'CNG'],
  [/ethanol/i, 'ETHANOL'],
];
const DRIVES: [RegExp, string][] = [
  [/front/i, 'FWD'],
  [/rear/i, 'RWD'],
  [/all|4x4|four/i, 'AWD'],
];
const pick = (table: [RegExp, string][], text: string): string | null => table.find(([pattern]) => pattern.test(text))?.[1] ?? null;

const POUND_KG = 0.45359237;

export function engineOf(record: AutoevolutionRecord): SpecsGeneration['engines'][number] {
  const gearbox = record.transmission_gearbox?.trim();
  const known = gearbox && gearbox !== '-' ? gearbox : null;
  const pounds = number(record.weight_unladen, /^(\d+(?:\.\d+)?)$/);
  return {
    name: decode(record.option).trim(),
    powerHp: number(record.engine_power, /(\d+(?:\.\d+)?)\s*HP/) ?? number(record.option, /\((\d+)\s*HP\)/i),
    fuel: pick(FUELS, record.engine_fuel ?? ''),
    gearbox: known,
    // "Automated manual" and dual-clutch boxes have no clutch pedal: automatic.
    transmission: !known ? null : /automat|cvt|dsg|tronic|pdk|dual.clutch|auto\b/i.test(known) ? 'AUTOMATIC' : /manual/i.test(known) ? 'MANUAL' : null,
    drive: pick(DRIVES, record.transmission_drive_type ?? ''),
    displacementCc: number(record.engine_displacement, /(\d+)\s*cm3/),
    curbWeightKg: pounds === null ? null : Math.round(pounds * POUND_KG),
  };
}

const millimetres = (text: string): number | null => number(text, /(\d+(?:\.\d+)?)\s*mm/);
const modeOf = (values: (number | null)[]): number | null => {
  const value = mostCommon(values.filter((v): v is number => v !== null).map(String));
  return value === null ? null : Number(value);
};

/**
 * Groups the records into generations of the known vehicles (`byName` of catalogNames). A generation named only by an
 * engine code is kept only from the first year of the series-named ones (or
 * 1990): BMW's "328" of 1936 or "M1" of 1978 are not 3 or 1 Series.
 */
export function buildGenerations(records: AutoevolutionRecord[], known: ReadonlyMap<string, string>): Record<string, SpecsGeneration[]> {
  const groups = new Map<string, { match: GenerationMatch; name: string; records: AutoevolutionRecord[] }>();
  for (const record of records) {
    const groupKey = `${record.brand}|${record.model}|${record.year}`;
    const group = groups.get(groupKey);
    if (group) {
      group.records.push(record);
      continue;
    }
    const name = generationName(record);
    const match = matchGeneration(record.brand, name, known);
    if (match) groups.set(groupKey, { match, name, records: [record] });
  }

  const firstNamedYear = new Map<string, number>();
  const generations = [...groups.values()].map(({ match, name, records: options }) => {
    const engines = options.map(engineOf);
    const weights = engines.map((e) => e.curbWeightKg).filter((w): w is number => w !== null);
    const generation: SpecsGeneration = {
      name,
      ...generationYears(options[0].year),
      bodyStyle: bodyStyleOf(name),
      lengthMm: modeOf(options.map((o) => millimetres(o.dimensions_length))),
      widthMm: modeOf(options.map((o) => millimetres(o.dimensions_width))),
      heightMm: modeOf(options.map((o) => millimetres(o.dimensions_height))),
      wheelbaseMm: modeOf(options.map((o) => millimetres(o.dimensions_wheelbase))),
      curbWeightKg: weights.length > 0 ? Math.min(...weights) : null,
      url: options[0].url ? options[0].url.replace(/#.*$/, '') : null,
      engines,
    };
    const from = generation.yearFrom;
    if (!match.byCode && from != null) firstNamedYear.set(match.vehicleId, Math.min(firstNamedYear.get(match.vehicleId) ?? from, from));
    return { match, generation };
  });

  const byVehicle: Record<string, SpecsGeneration[]> = {};
  for (const { match, generation } of generations) {
    if (match.byCode && (generation.yearFrom ?? 0) < (firstNamedYear.get(match.vehicleId) ?? 1990)) continue;
    (byVehicle[match.vehicleId] ??= []).push(generation);
  }
  for (const list of Object.values(byVehicle)) {
    list.sort((a, b) => (a.yearFrom ?? 0) - (b.yearFrom ?? 0) || a.name.localeCompare(b.name));
  }
  return byVehicle;
}
