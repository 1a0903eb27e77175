import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/errors.js';
import { formatError, INTERNAL_MESSAGE } from '../../src/graphql/format-error.js';

const asResolverError = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['vehicle'] });

describe('formatError', () => {
  it('keeps the message and code of an application error, with its details', () => {
    const error = asResolverError(new AppError('BAD_USER_INPUT', 'mileageKm must be >= 0', { field: 'mileageKm' }));
    const formatted = formatError({ message: error.message, path: ['vehicle'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(formatted).toEqual({
      message: 'mileageKm must be >= 0',
      path: ['vehicle'],
      locations: undefined,
      extensions: { code: 'BAD_USER_INPUT', field: 'mileageKm' },
    });
  });

  it('keeps validation errors raised by graphql-js', () => {
    const formatted = formatError(
      { message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['x'] } },
      new GraphQLError('Cannot query field "nope" on type "Query".'),
    );
    expect(formatted.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(formatted.message).toContain('nope');
  });

  it('answers a database locked by another writer as SERVICE_UNAVAILABLE, not as an internal error', () => {
    const onInternal = vi.fn();
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const formatted = formatError({ message: busy.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, asResolverError(busy), { onInternal });
    expect(formatted.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(formatted.message).not.toContain('SQLITE');
    expect(onInternal).not.toHaveBeenCalled();
  });

  it('keeps request errors that Apollo marks with a 4xx status', () => {
    const onInternal = vi.fn();
    const error = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    const formatted = formatError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error, { onInternal });
    expect(formatted).toMatchObject({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    expect(onInternal).not.toHaveBeenCalled();
  });

  it('masks anything else and reports it for the log', () => {
    const onInternal = vi.fn();
    const secret = new Error('SQLITE_ERROR: no such table: vehicle_models at /srv/app/db.js:12');
    const formatted = formatError(
      { message: secret.message, path: ['vehicles'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.js:12'] } },
      asResolverError(secret),
      { onInternal },
    );
    expect(formatted).toEqual({
      message: INTERNAL_MESSAGE,
      path: ['vehicles'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/SQLITE|db\.js/);
    expect(onInternal).toHaveBeenCalledWith(secret);
  });

  it('cuts long echoed input short and hides suggestions when asked', () => {
    const huge = 'x'.repeat(1_000_000);
    const message = `Variable "$input" got invalid value "${huge}" at "input.year"; Int cannot represent non-integer value: "${huge}"`;
    const formatted = formatError({ message, extensions: { code: 'BAD_USER_INPUT' } }, new GraphQLError(message));
    expect(formatted.message.length).toBeLessThan(300);
    expect(formatted.message).toContain('xxxxxxxxxx… (1000000 characters)');
    const typo = 'Value "DIESLE" does not exist in "Fuel" enum. Did you mean the enum value "DIESEL"?';
    const shown = (hideSuggestions: boolean) =>
      formatError({ message: typo, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, new GraphQLError(typo), { hideSuggestions }).message;
    expect(shown(false)).toContain('DIESEL');
    expect(shown(true)).toBe('Value "DIESLE" does not exist in "Fuel" enum.');
  });

  it('words GraphQL Armor\'s cost and depth refusals as what they are', () => {
    const armor = 'Syntax Error: Query Cost limit of 1000 exceeded, found 3650.';
    const formatted = formatError({ message: armor, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, new GraphQLError(armor));
    expect(formatted.message).toBe('Query Cost limit of 1000 exceeded, found 3650.');
  });
});
