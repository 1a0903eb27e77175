/**
 * Small seed files (the US specs, the study's listings' header rows) read
 * whole through csv-parse: records keyed by header, with their line numbers.
 * Semicolon-separated files (as French spreadsheets export them) are
 * recognised from the header. Listings files are streamed instead (src/listings/).
 */
import { parse } from 'csv-parse/sync';

export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line number in the file (the header is line 1). */
  rows: { line: number; values: Map<string, string> }[];
}

export function parseCsv(text: string): CsvTable {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  if (records.length === 0) return { header: [], rows: [] };
  const [first, ...rest] = records;
  const header = first.record;
  return {
    header,
    // A Map, so that a column named "constructor" cannot reach Object.prototype.
    rows: rest.map(({ record, info }) => ({ line: info.lines, values: new Map(header.map((name, i) => [name, record[i] ?? ''])) })),
  };
}
