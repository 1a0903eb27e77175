/**
 * Maps a raw market make/model (AutoScout24 spells BMW and Mercedes-Benz
 * models as engine codes: "320", "E 220") or a user's French/English/German
 * name ("Série 3", "Classe E", "Mercedes") onto the catalog make/model.
 * Pure and table-driven: one table of makes, one list of model rules per make.
 * The catalog vehicle id is `slugify(make, model)` (see catalog/names.ts).
 */
import { nameKey } from './names.js';

export interface MarketName {
  make: string;
  model: string;
  /** The engine code or trim the model was read from ("320d", "E 220", "Cooper S"), else null. */
  variant: string | null;
}

const key = nameKey;

interface MakeEntry {
  make: string;
  /** Market files split some makes in two: "Alfa" + "Romeo Giulia". */
  stripFromModel?: RegExp;
  /** A make that is really a model: "Corvette" + "C7" is a Chevrolet Corvette C7. */
  prependToModel?: string;
}

/** Canonical makes (the brand's own spelling) and the other ways they are written. */
const MAKE_TABLE: [make: string | MakeEntry, ...aliases: string[]][] = [
  ['Abarth'], ['Aixam'], ['Alpina'], ['Alpine'], ['Audi'], ['Baic'], ['Bentley'], ['Brilliance'], ['Cadillac'],
  ['Chevrolet', 'chevy'], ['Chrysler'], ['Cupra'], ['Dacia'], ['Daihatsu'], ['DFSK'], ['Dodge'], ['Estrima'],
  ['Ferrari'], ['Fiat'], ['Fisker'], ['Ford'], ['Genesis'], ['Honda'], ['Hyundai'], ['Infiniti'], ['Isuzu'],
  ['Iveco'], ['Jaguar'], ['Jeep'], ['Kia'], ['Lada'], ['Lamborghini'], ['Lancia'], ['Lexus'], ['Ligier'],
  ['Maserati'], ['Mazda'], ['McLaren'], ['Microcar'], ['Mitsubishi'], ['Morgan'], ['Nissan'], ['Opel'],
  ['Peugeot'], ['Piaggio'], ['Polestar'], ['Porsche'], ['RAM', 'ram trucks'], ['Renault'], ['Rolls-Royce'],
  ['SEAT'], ['Skoda'], ['SsangYong'], ['Subaru'], ['Suzuki'], ['Tazzari'], ['Tesla', 'tesla motors'],
  ['Toyota'], ['Volvo'], ['Zhidou'], ['smart'], ['MINI'], ['BMW'], ['DAF'],
  ['Citroën', 'citroen'],
  ['Volkswagen', 'vw'],
  ['Mercedes-Benz', 'mercedes', 'mb', 'mercedes-amg', 'amg'],
  // The full names come first: "Alfa Romeo" + "Giulia" must not strip anything.
  [{ make: 'Alfa Romeo' }],
  [{ make: 'Alfa Romeo', stripFromModel: /^Romeo\b\s*/i }, 'alfa'],
  [{ make: 'Aston Martin' }],
  [{ make: 'Aston Martin', stripFromModel: /^Martin\b\s*/i }, 'aston'],
  [{ make: 'Land Rover' }],
  [{ make: 'Land Rover', stripFromModel: /^Rover\b\s*/i }, 'land'],
  [{ make: 'DS', stripFromModel: /^Automobiles\b\s*/i }, 'ds automobiles'],
  [{ make: 'Chevrolet', prependToModel: 'Corvette' }, 'corvette'],
];

/** Market "makes" that are not car makes (trailers, trucks, caravans, "Others"). */
const NOT_CAR_MAKES = new Set(['others', 'traileranhanger', 'truckslkw', 'caravanswohnm']);

const MAKES = new Map<string, MakeEntry>();
for (const [entry, ...aliases] of MAKE_TABLE) {
  const value = typeof entry === 'string' ? { make: entry } : entry;
  for (const name of [value.make, ...aliases]) if (!MAKES.has(key(name))) MAKES.set(key(name), value);
}

/**
 * A model rule: `to` names the catalog model from the match (null: the name is
 * hopeless, e.g. a bare Mercedes engine code); `variant` says what is kept:
 * 'raw' the whole raw name (engine codes), 'rest' the last capture group (a trim
 * or body after a series name), 'none' nothing.
 */
interface ModelRule {
  pattern: RegExp;
  to: ((match: RegExpExecArray) => string) | null;
  variant: 'raw' | 'rest' | 'none';
}

const rest = (match: RegExpExecArray): string | undefined => match[match.length - 1];
const series = (digit: string): string => `${digit} Series`;

/** Mercedes-Benz series letters -> model name ("-Class" for the letter series, the plain name for the newer ones). */
const MERCEDES_SERIES: Record<string, string> = {
  A: 'A-Class', B: 'B-Class', C: 'C-Class', E: 'E-Class', S: 'S-Class', G: 'G-Class', V: 'V-Class',
  X: 'X-Class', R: 'R-Class', M: 'M-Class', ML: 'M-Class', CL: 'CL-Class', CLC: 'CLC-Class', CLK: 'CLK-Class',
  GL: 'GL-Class', GLK: 'GLK-Class', CLA: 'CLA', CLS: 'CLS', GLA: 'GLA', GLB: 'GLB', GLC: 'GLC', GLE: 'GLE',
  GLS: 'GLS', SL: 'SL', SLK: 'SLK', SLC: 'SLC', SLS: 'SLS', SLR: 'SLR', EQA: 'EQA', EQB: 'EQB', EQC: 'EQC',
  EQE: 'EQE', EQS: 'EQS', EQV: 'EQV',
};
// Longest first, so that "CLA" is not read as "C" + "LA".
const MB = Object.keys(MERCEDES_SERIES)
  .sort((a, b) => b.length - a.length)
  .join('|');
const mercedes = (letters: string): string => MERCEDES_SERIES[letters.toUpperCase()];

const LEXUS = 'CT|ES|GS|GX|HS|IS|LC|LFA|LS|LX|NX|RC|RX|SC|UX';
const MINI_BODIES: Record<string, string> = {
  cabrio: 'Convertible', convertible: 'Convertible', clubman: 'Clubman', countryman: 'Countryman',
  coupe: 'Coupe', paceman: 'Paceman', roadster: 'Roadster', clubvan: 'Clubvan', hatch: 'Hatch',
};

const MODEL_RULES: Record<string, ModelRule[]> = {
  BMW: [
    // "118", "320d", "330 e", "520d xDrive Touring" -> the series of the first digit.
    { pattern: /^([1-8])\d{2}(?:\s*[a-z]{1,3})?(?:\s+.*)?$/i, to: (m) => series(m[1]), variant: 'raw' },
    // M models and M Performance codes: "M3", "M135i", "M850", "M5 CS".
    { pattern: /^M([1-8])(?:\d{2,3})?(?:\s*[a-z]{1,3})?(?:\s+.*)?$/i, to: (m) => series(m[1]), variant: 'raw' },
    // "3 Series", "3-Series Touring", "3er" (German), "Série 3" (French), "Serie 3 Gran Turismo".
    { pattern: /^([1-8])[\s-]*(?:Series|er)\b\s*(.*)$/i, to: (m) => series(m[1]), variant: 'rest' },
    { pattern: /^S[ée]ries?\s*([1-8])\b\s*(.*)$/i, to: (m) => series(m[1]), variant: 'rest' },
    // X1..X7, Z4, i3, i8 keep their name; "X5 M", "X5M", "X1 sDrive18d", "i3s" are variants of them.
    { pattern: /^([XZ][1-8]|i[1-9])(?:\s*M\b|s\b|\s+.*)?$/i, to: (m) => m[1].toUpperCase().replace(/^I/, 'i'), variant: 'raw' },
  ],
  'Mercedes-Benz': [
    // "A 180", "E220d", "C 63 AMG", "ML 350", "EQC 400".
    { pattern: new RegExp(`^(${MB})\\s*\\d{2,3}(?!\\d).*$`, 'i'), to: (m) => mercedes(m[1]), variant: 'raw' },
    // "E-Class", "E Klasse", "SL-Class AMG", "Classe E" (French), "Class A".
    { pattern: new RegExp(`^(${MB})[\\s-]*(?:Class|Klasse)\\b\\s*(.*)$`, 'i'), to: (m) => mercedes(m[1]), variant: 'rest' },
    { pattern: new RegExp(`^Classe?\\s+(${MB})\\b\\s*(.*)$`, 'i'), to: (m) => mercedes(m[1]), variant: 'rest' },
    { pattern: new RegExp(`^(${MB})$`, 'i'), to: (m) => mercedes(m[1]), variant: 'none' },
    // A bare engine code ("220") names no series.
    { pattern: /^\d{3}$/, to: null, variant: 'none' },
  ],
  Lexus: [
    { pattern: new RegExp(`^(${LEXUS})\\s*\\d{3}\\s*[a-z]*\\b.*$`, 'i'), to: (m) => m[1].toUpperCase(), variant: 'raw' },
    { pattern: new RegExp(`^(${LEXUS})\\b\\s*(.*)$`, 'i'), to: (m) => m[1].toUpperCase(), variant: 'rest' },
  ],
  Porsche: [
    // Market files give 911 generations as type numbers.
    { pattern: /^(?:99[1-7]|996)$/, to: () => '911', variant: 'raw' },
    { pattern: /^911\b\s*(.*)$/, to: () => '911', variant: 'rest' },
  ],
  MINI: [
    // "Cooper SD Countryman" -> Countryman (trim Cooper SD); "One", "Cooper S" -> Hatch.
    {
      pattern:
        /^(?:(John Cooper Works|Cooper(?:\s+(?:S|D|SD|SE))?|One(?:\s+D)?)\s*)?(Cabrio|Convertible|Clubman|Countryman|Coupe|Paceman|Roadster|Clubvan|Hatch)?(?:\s+\d\s*Doors)?$/i,
      to: (m) => MINI_BODIES[(m[2] ?? 'hatch').toLowerCase()],
      variant: 'rest',
    },
  ],
  Chevrolet: [{ pattern: /^Corvette\b\s*(.*)$/i, to: () => 'Corvette', variant: 'rest' }],
};
// The MINI rule's trim is its first group, not its last.
const FIRST_GROUP_VARIANT = new Set(['MINI']);

/** Market spellings that differ from the maker's or that join two names ("Ceed / cee'd"); keys as `key`. */
const RENAMES: Record<string, Record<string, string>> = {
  Toyota: { rav4: 'RAV4' },
  Renault: { megane: 'Mégane', scenic: 'Scénic', grandscenic: 'Grand Scénic', cliosymbol: 'Symbol' },
  Kia: { ceedceed: 'Ceed', ceed: 'Ceed', ceedswceedsw: 'Ceed SW', ceedsw: 'Ceed SW', proceedproceed: 'ProCeed', proceed: 'ProCeed' },
  Ford: { kaka: 'Ka', ka: 'Ka' },
  Skoda: { rapidspaceback: 'Rapid' },
  Hyundai: { ix35: 'ix35', ix20: 'ix20' },
  Volkswagen: { golfcabrio: 'Golf Cabriolet' },
  smart: { fortwo: 'fortwo', forfour: 'forfour', citycoupecitycabrio: 'fortwo' },
};

export function resolveMake(make: string): MakeEntry | null {
  const k = key(make);
  if (k === '' || NOT_CAR_MAKES.has(k)) return null;
  return MAKES.get(k) ?? { make: make.trim().replace(/\s+/g, ' ') };
}

export function resolveMarketName(make: string, model: string): MarketName | null {
  const entry = resolveMake(make);
  if (!entry) return null;
  let raw = model.trim().replace(/\s+/g, ' ');
  if (entry.stripFromModel) raw = raw.replace(entry.stripFromModel, '');
  if (entry.prependToModel) raw = `${entry.prependToModel} ${raw}`.trim();
  if (key(raw) === '') return null;

  const canonicalMake = entry.make;
  for (const rule of MODEL_RULES[canonicalMake] ?? []) {
    const match = rule.pattern.exec(raw);
    if (!match) continue;
    if (!rule.to) return null;
    const canonicalModel = rule.to(match);
    const kept = FIRST_GROUP_VARIANT.has(canonicalMake) ? match[1] : rest(match);
    const variant = rule.variant === 'raw' ? raw : rule.variant === 'rest' ? kept?.trim() || null : null;
    return { make: canonicalMake, model: canonicalModel, variant: variant === canonicalModel ? null : variant };
  }
  const renamed = RENAMES[canonicalMake]?.[key(raw)];
  return { make: canonicalMake, model: renamed ?? raw, variant: null };
}
