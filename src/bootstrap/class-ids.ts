/**
 * Parses the class ids of the original EfficientNet-B7 car classifier
 * (e.g. `BMW_1_Series_LCI_F20_20152017`, `2021_MercedesBenz_GLA`,
 * `TOYOTA_Rav4_2018Present`) into make, model, generation and years.
 */
export interface ParsedClassId {
  label: string;
  make: string;
  model: string;
  generation: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  inProduction: boolean;
  /** Only when the id itself names it (Convertible, Coupe, Roadster, Touring). */
  bodyStyle: string | null;
}

/** Make spellings found in the ids, longest token sequence first. */
const MAKES: [tokens: string[], make: string][] = [
  [['MERCEDES', 'BENZ'], 'Mercedes-Benz'],
  [['MercedesBenz'], 'Mercedes-Benz'],
  [['MercedesAMG'], 'Mercedes-AMG'],
  [['BMW'], 'BMW'],
  [['MINI'], 'MINI'],
  [['GENESIS'], 'Genesis'],
  [['KIA'], 'Kia'],
];

/** Model tokens that need more than title case to read well. */
const MODEL_WORDS: Record<string, string> = {
  EKlasse: 'E-Class',
  GLKKlasse: 'GLK-Class',
  SClass: 'S-Class',
  SLClass: 'SL-Class',
  etron: 'e-tron',
  '3Series': '3 Series',
  FType: 'F-Type',
  GTR: 'GT-R',
  MX30: 'MX-30',
  Rav4: 'RAV4',
  BENTAYGA: 'Bentayga',
  HYBRID: 'Hybrid',
};

/** Chassis codes (F20, E90, W212, C8...) and facelift markers form the generation. */
const GENERATION_TOKEN = /^(?:[A-Z]\d{1,3}|LCI|Facelift|VI)$/;
const YEAR_RANGE = /^(\d{4})(\d{4}|Present)$/;
const BODY_WORDS: Record<string, string> = {
  Convertible: 'Convertible',
  Coupe: 'Coupe',
  Roadster: 'Roadster',
  Touring: 'Wagon',
};

const titleCase = (word: string): string =>
  /^[A-Z]+$/.test(word) && word.length > 3 ? word[0] + word.slice(1).toLowerCase() : word;

export function parseClassId(label: string): ParsedClassId {
  // A double underscore separates alternative names ("ix35__Tucson", "W223__V223").
  let tokens = label.replace(/__/g, '_/_').split('_').filter(Boolean);
  let yearFrom: number | null = null;
  let yearTo: number | null = null;
  let inProduction = false;

  if (/^\d{4}$/.test(tokens[0])) {
    // "2014_BMW_..." names one model year.
    yearFrom = yearTo = Number(tokens[0]);
    tokens = tokens.slice(1);
  }
  const range = YEAR_RANGE.exec(tokens[tokens.length - 1] ?? '');
  if (range) {
    yearFrom = Number(range[1]);
    inProduction = range[2] === 'Present';
    yearTo = inProduction ? null : Number(range[2]);
    tokens = tokens.slice(0, -1);
  }

  const known = MAKES.find(([makeTokens]) => makeTokens.every((token, i) => tokens[i] === token));
  const makeTokenCount = known ? known[0].length : 1;
  const make = known ? known[1] : titleCase(tokens[0] ?? label);
  const rest = tokens.slice(makeTokenCount);

  const modelWords: string[] = [];
  const generationWords: string[] = [];
  for (const token of rest) {
    if (GENERATION_TOKEN.test(token) && modelWords.length > 0) generationWords.push(token);
    else if (token === '/' && generationWords.length > 0) generationWords.push(token);
    else modelWords.push(MODEL_WORDS[token] ?? titleCase(token));
  }
  const bodyStyle = rest.map((token) => BODY_WORDS[token]).find(Boolean) ?? null;

  return {
    label,
    make,
    model: modelWords.join(' ').replace(/ \/ /g, ' / ').trim() || label,
    generation: generationWords.length > 0 ? generationWords.join(' ').replace(/ \/ /g, '/') : null,
    yearFrom,
    yearTo,
    inProduction,
    bodyStyle,
  };
}
