/**
 * The error formatter: client-caused errors keep their message and get a
 * stable `extensions.code`; anything else is masked (no stack, no SQL) and
 * reported through `onInternal` for the server log.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, truncateEchoes } from '../errors.js';

/** Codes that graphql-js or Apollo give to errors in the client's request. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const INTERNAL_MESSAGE = 'Internal server error';

export interface FormatErrorOptions {
  /** Told of every masked error (for the server log). */
  onInternal?: (error: unknown) => void;
  /** With introspection off, "Did you mean ...?" would leak field and enum value names. */
  hideSuggestions?: boolean;
}

const SUGGESTION = / ?Did you mean .*$/s;

/** A client-visible message: long echoed input cut short, suggestions and armor's misleading prefix removed. */
function clientMessage(message: string, code: unknown, hideSuggestions: boolean): string {
  let out = hideSuggestions ? message.replace(SUGGESTION, '') : message;
  // GraphQL Armor words its depth and cost refusals "Syntax Error: ..." although the query parsed fine.
  if (code === 'GRAPHQL_VALIDATION_FAILED') out = out.replace(/^Syntax Error: /, '');
  return truncateEchoes(out);
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, options: FormatErrorOptions = {}): GraphQLFormattedError {
  const { onInternal = () => {}, hideSuggestions = false } = options;
  const original = unwrapResolverError(error);
  const { locations, path } = formatted;
  if (original instanceof AppError) {
    return { message: truncateEchoes(original.message), locations, path, extensions: { ...original.details, code: original.code } };
  }
  const code = formatted.extensions?.code;
  const message = clientMessage(formatted.message, code, hideSuggestions);
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const field = formatted.extensions?.field;
    return { message, locations, path, extensions: typeof field === 'string' ? { code, field } : { code } };
  }
  // Another writer (the import CLI, another process) held the database past the busy timeout: a retry will do.
  if (isDatabaseBusy(original)) {
    return { message: 'The database is busy with another writer; retry shortly', locations, path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  // Apollo marks some request errors (e.g. an APQ hash that does not match its query) only with a 4xx status.
  const status = (original as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { message, locations, path, extensions: { code: 'BAD_REQUEST' } };
  }
  onInternal(original);
  return { message: INTERNAL_MESSAGE, locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** better-sqlite3's SqliteError for a lock it could not get in time ("database is locked"). */
function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}
