/**
 * A small RFC 4180 reader: quoted fields, doubled quotes, CRLF; returns
 * records keyed by header. Semicolon-separated files (as French spreadsheets
 * export them) are recognised from the header.
 */
export interface CsvTable {
  header: string[];
  delimiter: ',' | ';';
  /** Data rows with their 1-based line number in the file (the header is line 1). */
  rows: { line: number; fieldCount: number; values: Map<string, string> }[];
}

export function parseCsv(text: string): CsvTable {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records = splitRecords(clean, delimiter);
  if (records.length === 0) return { header: [], delimiter, rows: [] };
  const [first, ...rest] = records;
  const header = first.fields.map((name) => name.trim());
  const rows = rest
    .filter((record) => record.fields.some((field) => field.trim() !== ''))
    .map((record) => ({
      line: record.line,
      fieldCount: record.fields.length,
      // A Map, so that a column named "constructor" cannot reach Object.prototype.
      values: new Map(header.map((name, i) => [name, (record.fields[i] ?? '').trim()])),
    }));
  return { header, delimiter, rows };
}

function splitRecords(text: string, delimiter: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
