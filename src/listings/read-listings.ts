/**
 * Streams a listings CSV through csv-parse, recognises its format from the
 * header (sources.ts) and yields each record mapped onto the listing fields,
 * as text or numbers, not yet checked (clean-listings.ts does that).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError } from '../errors.js';
import { categoryKey, detectSource, missingColumns, type ListingField, type ListingSource } from './sources.js';

/** Fields that describe a listing without pricing it: stored as the file gave them. */
export type DescriptiveField = 'offerType' | 'firstRegistration' | 'emissionStandard' | 'colour' | 'bodyType' | 'country';

/** One record in the listing fields; numbers are NaN when the cell is not a number, null when empty or absent. */
export interface RawListing extends Record<DescriptiveField, string | null> {
  /** 1-based line in the file where the record starts (the header is line 1). */
  line: number;
  make: string;
  model: string;
  year: number | null;
  mileageKm: number | null;
  /** Normalised category keys (categoryKey), '' when empty. */
  fuel: string;
  transmission: string;
  powerHp: number | null;
  priceEur: number | null;
  newPriceEur: number | null;
  /** False when the record had another number of fields than the header. */
  wellFormed: boolean;
}

/** A file that cannot be read as listings at all: nothing of it is imported. */
export class ListingsFileError extends AppError {
  constructor(message: string) {
    super('BAD_USER_INPUT', `Listings file rejected, nothing imported: ${message}`, { field: 'file' });
    this.name = 'ListingsFileError';
  }
}

export type ListingInput = Readable | Buffer | string;

const toStream = (input: ListingInput): Readable =>
  input instanceof Readable ? input : Readable.from([typeof input === 'string' ? Buffer.from(input, 'utf8') : input]);

/**
 * The delimiter from the header line: semicolon when the header has
 * semicolons and no comma (French spreadsheet exports, whose numbers may use
 * a decimal comma), else comma. Returns the stream with the peeked bytes put back.
 */
async function withDelimiter(input: Readable): Promise<{ stream: Readable; delimiter: ',' | ';' }> {
  const chunks: Buffer[] = [];
  let head = '';
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  while (!head.includes('\n') && head.length < 64 * 1024) {
    const { value, done } = await iterator.next();
    if (done) break;
    const chunk = typeof value === 'string' ? Buffer.from(value) : value;
    chunks.push(chunk);
    head += chunk.toString('utf8');
  }
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  async function* replay(): AsyncGenerator<Buffer> {
    yield* chunks;
    for (let item = await iterator.next(); !item.done; item = await iterator.next()) {
      yield typeof item.value === 'string' ? Buffer.from(item.value) : item.value;
    }
  }
  return { stream: Readable.from(replay()), delimiter };
}

/** Cap on one field: a listing cell is short; a megabyte "make" is an attack or a broken file. */
const MAX_FIELD_CHARS = 1_000;

export interface ListingStream {
  source: ListingSource;
  rows: AsyncIterable<RawListing>;
}

/**
 * Opens `input` and reads its header. The returned `rows` stream the records;
 * iterating them throws ListingsFileError on broken CSV (an unclosed quote,
 * a huge field). Rejects the file when no known format matches its header.
 */
export async function readListings(input: ListingInput): Promise<ListingStream> {
  const { stream, delimiter } = await withDelimiter(toStream(input));
  const parser = stream.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      max_record_size: MAX_FIELD_CHARS * 64,
    }),
  );
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await next(records);
  if (!first) throw new ListingsFileError('the file is empty');
  const header = first.record.map((name) => name.trim());
  const source = detectSource(header);
  if (!source) {
    const options = missingColumns(header)
      .map(({ source: id, missing }) => `${id} misses ${missing.join(', ')}`)
      .join('; ');
    throw new ListingsFileError(`unknown format (${options})`);
  }
  const index = new Map<ListingField, number>();
  for (const [field, name] of Object.entries(source.columns) as [ListingField, string][]) {
    const at = header.indexOf(name);
    if (at >= 0) index.set(field, at);
  }
  return { source, rows: mapRecords(records, header.length, index, delimiter) };
}

async function next<T>(records: AsyncIterator<T>): Promise<T | null> {
  try {
    const { value, done } = await records.next();
    return done ? null : value;
  } catch (error) {
    throw new ListingsFileError(`not a readable CSV file (${(error as Error).message.slice(0, 200)})`);
  }
}

async function* mapRecords(
  records: AsyncIterator<{ record: string[]; info: { lines: number } }>,
  width: number,
  index: ReadonlyMap<ListingField, number>,
  delimiter: ',' | ';',
): AsyncGenerator<RawListing> {
  for (let item = await next(records); item; item = await next(records)) {
    const { record, info } = item;
    const cell = (field: ListingField): string => {
      const at = index.get(field);
      return at === undefined ? '' : (record[at] ?? '').slice(0, MAX_FIELD_CHARS);
    };
    const text = (field: ListingField): string | null => cell(field) || null;
    const number = (field: ListingField): number | null => {
      const value = cell(field);
      if (value === '') return null;
      return Number(delimiter === ';' ? value.replace(',', '.') : value);
    };
    yield {
      // info.lines is the line the record ends on; records of listings are one line each.
      line: info.lines,
      make: cell('make'),
      model: cell('model'),
      year: number('year'),
      mileageKm: number('mileageKm'),
      fuel: categoryKey(cell('fuel')),
      transmission: categoryKey(cell('transmission')),
      powerHp: number('powerHp'),
      priceEur: number('priceEur'),
      newPriceEur: number('newPriceEur'),
      offerType: text('offerType'),
      firstRegistration: text('firstRegistration'),
      emissionStandard: text('emissionStandard'),
      colour: text('colour'),
      bodyType: text('bodyType'),
      country: text('country'),
      wellFormed: record.length === width,
    };
  }
}
