/**
 * The error formatter: client-caused errors keep their message and get a
 * stable `extensions.code`; anything else is masked (no stack, no SQL) and
 * reported through `onInternal` for the server log.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError } from '../errors.js';

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

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (error: unknown) => void = () => {},
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { message, locations, path } = formatted;
  if (original instanceof AppError) {
    return { message: original.message, locations, path, extensions: { ...original.details, code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    return { message, locations, path, extensions: { code } };
  }
  // Apollo marks some request errors (e.g. an APQ hash that does not match its query) only with a 4xx status.
  const status = (original as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { message, locations, path, extensions: { code: 'BAD_REQUEST' } };
  }
  onInternal(original);
  return { message: INTERNAL_MESSAGE, locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
