/**
 * Errors a client can cause. Each carries a stable `code` that ends up in the
 * GraphQL error's `extensions.code`; anything that is not an AppError is
 * treated as internal and masked by the error formatter.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'NO_VEHICLE_FOUND'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SERVICE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'TIMEOUT';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (message: string, field?: string): AppError =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});

export const notFound = (message: string): AppError => new AppError('NOT_FOUND', message);

/** Seconds a client is told to wait (Retry-After) when the service is full. */
export const RETRY_AFTER_SECONDS = 1;

/** The service is at capacity: the client should retry after `retryAfterSeconds`. */
export const overloaded = (what: string): AppError =>
  new AppError('SERVICE_UNAVAILABLE', `${what}; retry in ${RETRY_AFTER_SECONDS} s.`, { retryAfterSeconds: RETRY_AFTER_SECONDS });

/** The request reached its deadline (or its client went away): its remaining work is dropped. */
export const timedOut = (): AppError => new AppError('TIMEOUT', 'The request was cancelled: it reached its deadline.');

/** Throws TIMEOUT when the request's signal is aborted; called between pipeline stages. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw timedOut();
}

const ECHO_PREFIX = 40;

/**
 * Shortens a piece of client input quoted in an error message, so an error never
 * echoes more than a short prefix of what was sent (a 20 MB string stays out of the answer).
 */
export function echo(input: string, max = ECHO_PREFIX): string {
  return input.length <= max ? input : `${input.slice(0, max)}… (${input.length} characters)`;
}

const MAX_MESSAGE = 1000;

/** Applies `echo` to every quoted value in a message (an unterminated one too), then bounds the whole message. */
export function truncateEchoes(message: string): string {
  let out = '';
  let at = 0;
  while (at < message.length && out.length <= MAX_MESSAGE) {
    const open = message.indexOf('"', at);
    if (open < 0) {
      out += message.slice(at);
      break;
    }
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === '\\' ? 2 : 1;
    const end = Math.min(close, message.length);
    out += `${message.slice(at, open)}"${echo(message.slice(open + 1, end))}${close < message.length ? '"' : ''}`;
    at = close + 1;
  }
  return out.length <= MAX_MESSAGE ? out : `${out.slice(0, MAX_MESSAGE)}…`;
}
