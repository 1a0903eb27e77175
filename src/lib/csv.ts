/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF; returns records keyed by header. */
export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line number in the file (the header is line 1). */
  rows: { line: number; values: Record<string, string> }[];
}

export function parseCsv(text: string): CsvTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ''));
  if (records.length === 0) return { header: [], rows: [] };
  const [first, ...rest] = records;
  const header = first.fields.map((name) => name.trim());
  const rows = rest
    .filter((record) => record.fields.some((field) => field.trim() !== ''))
    .map((record) => ({
      line: record.line,
      values: Object.fromEntries(header.map((name, i) => [name, (record.fields[i] ?? '').trim()])),
    }));
  return { header, rows };
}

function splitRecords(text: string): { line: number; fields: string[] }[] {
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
    } else if (ch === ',') {
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
