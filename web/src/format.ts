/** Formatting for the demo page, in the reader's locale. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "€15,229" (whole units; the currency is an ISO 4217 code). */
export function money(amount: number, currency = 'EUR'): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 });
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const int = (value: number): string => integer.format(value);

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
/** 0.873 → "87%"; never rounds a near-certainty to "100%" or a small chance to "0%". */
export function percent(fraction: number): string {
  if (fraction > 0 && fraction < 0.005) return `<${percentFormat.format(0.01)}`;
  if (fraction < 1 && fraction > 0.995) return `>${percentFormat.format(0.99)}`;
  return percentFormat.format(fraction);
}

/** Compact axis label: 15000 → "15k". */
export const compact = (value: number): string =>
  new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(value);

/** "PETROL" → "Petrol", "AUTOMATED MANUAL" → "Automated manual". */
export function words(value: string): string {
  const lower = value.replace(/_/g, ' ').toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
