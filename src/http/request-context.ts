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
    // Debug level: the shutdown test waits for these lines before sending SIGTERM.
    logger.debug({ requestId: id, method: req.method, path: req.originalUrl.split('?')[0] }, 'request started');
    res.on('finish', () => {
      logger.info(
        { requestId: id, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
    next();
  };
}

/** The signal that aborts when the request reaches its deadline or its client goes away. */
export const abortSignalOf = (res: Response): AbortSignal | undefined => res.locals.abortSignal as AbortSignal | undefined;

/**
 * Answers 503 with a TIMEOUT GraphQL error when a request outlives the
 * deadline, and aborts the request's signal so the work still to do is
 * cancelled (queued identifications leave the queue, running ones stop at the
 * next stage) instead of finishing in the background. A client that is still
 * sending its body is not read further: the connection closes after the answer.
 */
export function requestDeadline(timeoutMs: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const controller = new AbortController();
    res.locals.abortSignal = controller.signal;
    const timer = setTimeout(() => {
      controller.abort();
      if (res.headersSent) return;
      if (!req.complete) {
        // Node closes a "connection: close" socket once the answer is written; unpiping stops the upload parser now.
        res.setHeader('connection', 'close');
        req.unpipe();
      }
      res.status(503).json({
        errors: [{ message: `The request took longer than ${timeoutMs} ms`, extensions: { code: 'TIMEOUT' } }],
      });
    }, timeoutMs);
    res.on('close', () => {
      clearTimeout(timer);
      // Closed before the answer was complete: the client is gone, its work is not needed.
      if (!res.writableFinished) controller.abort();
    });
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}
