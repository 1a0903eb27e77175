/**
 * The last express middleware: whatever failed before GraphQL (malformed
 * JSON, a bad content-encoding, an over-size body, too many files, a bad
 * multipart map) and unknown routes are answered as GraphQL-shaped JSON with
 * `extensions.code`: never express's HTML page, never a stack, in any mode.
 */
import type { NextFunction, Request, Response } from 'express';
import { truncateEchoes } from '../errors.js';
import type { Logger } from '../logger.js';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

const send = (res: Response, status: number, code: string, message: string): void => {
  res.status(status).type('application/json').json({ errors: [{ message, extensions: { code } }] });
};

/** Status, code and a message safe to show for an error raised by a body parser or the upload middleware. */
export function describeHttpError(error: unknown): { status: number; code: string; message: string } {
  const e = (error ?? {}) as HttpError;
  const status = e.status ?? e.statusCode ?? 500;
  if (e.type === 'entity.parse.failed') return { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' };
  if (e.type === 'encoding.unsupported') return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content-encoding: send identity, gzip, deflate or br.' };
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE', message: e.expose && e.message ? truncateEchoes(e.message) : 'The request is too large.' };
  if (status === 415) return { status, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported media type.' };
  if (status >= 400 && status < 500) {
    // zlib's messages ("incorrect header check") are about the body's encoding, not internals.
    const message = e.expose && e.message ? truncateEchoes(e.message) : 'The request could not be read.';
    return { status, code: 'BAD_REQUEST', message };
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}

export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, code, message } = describeHttpError(error);
    if (status >= 500) logger.error({ err: error, path: req.path }, 'unhandled error in an HTTP request');
    // The rest of an unread body is not worth reading: close the connection after the answer.
    if (!req.complete) res.setHeader('connection', 'close');
    send(res, status, code, message);
  };
}

/** Unknown paths: a JSON 404 instead of express's HTML page. */
export function notFoundHandler(req: Request, res: Response): void {
  send(res, 404, 'NOT_FOUND', `No route for ${req.method} ${truncateEchoes(`"${req.path}"`)}`);
}
