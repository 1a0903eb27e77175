/** Request id, request log line and request deadline, as express middleware. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Takes a well-formed X-Request-Id from the client or makes one, echoes it, and logs the request when it ends. */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    const started = performance.now();
    res.on('finish', () => {
      logger.info(
        { requestId: id, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
    next();
  };
}

/**
 * Answers 503 with a TIMEOUT GraphQL error when a request outlives the deadline
 * (the work itself cannot be interrupted, but the client is not left hanging).
 */
export function requestDeadline(timeoutMs: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.status(503).json({
        errors: [{ message: `The request took longer than ${timeoutMs} ms`, extensions: { code: 'TIMEOUT' } }],
      });
    }, timeoutMs);
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}
