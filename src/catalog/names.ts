/** Name normalisation shared by the catalog seed and make/model lookups. */

/**
 * Case-, accent-, space- and punctuation-insensitive key: "Série 3" -> "serie3",
 * "Mercedes-Benz" -> "mercedesbenz", "Classe E" -> "classee".
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** URL- and cursor-friendly id: "Audi A6 2018-present" -> "audi-a6-2018-present". */
export function slugify(...parts: (string | number | null | undefined)[]): string {
  return parts
    .filter((part) => part !== null && part !== undefined && String(part).trim() !== '')
    .join(' ')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Other ways people write a make (keys, see nameKey). */
const MAKE_ALIASES: Record<string, string[]> = {
  mercedesbenz: ['mercedes', 'mb'],
  mercedesamg: ['mercedes', 'mercedesbenz', 'amg'],
  volkswagen: ['vw'],
  chevrolet: ['chevy'],
};

export function makeKeys(make: string): string[] {
  const key = nameKey(make);
  return [key, ...(MAKE_ALIASES[key] ?? [])];
}

/**
 * The model name plus its French/English variants: "3 Series" <-> "Série 3",
 * "E-Class" <-> "Classe E".
 */
export function modelKeys(model: string): string[] {
  const keys = new Set([nameKey(model)]);
  const series = /^(\d)\s*Series\b(.*)$/i.exec(model);
  if (series) keys.add(nameKey(`Serie ${series[1]}${series[2]}`));
  const serie = /^S[ée]rie\s*(\d)\b(.*)$/i.exec(model);
  if (serie) keys.add(nameKey(`${serie[1]} Series${serie[2]}`));
  const klass = /^([A-Z]{1,3})-Class\b(.*)$/i.exec(model);
  if (klass) keys.add(nameKey(`Classe ${klass[1]}${klass[2]}`));
  const classe = /^Classe\s+([A-Z]{1,3})\b(.*)$/i.exec(model);
  if (classe) keys.add(nameKey(`${classe[1]}-Class${classe[2]}`));
  return [...keys];
}
