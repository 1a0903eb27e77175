/**
 * Admission for uploads, decided from the request's headers. Profiled under
 * 64 clients uploading 1080p photos, every upload cost the event loop about
 * 7 ms before the admission gate could refuse it (busboy, the upload streams,
 * sharp's header probe, Apollo's pipeline, an error with its stack), so
 * /health waited behind work done only to say no.
 *
 * At most `maxInFlight` multipart requests are read and served at once. One
 * more is answered at once, from its headers, with SERVICE_UNAVAILABLE, 503
 * and Retry-After; its body is never parsed (Node discards it) and the
 * connection stays usable. A client refused again on the same connection
 * before its Retry-After has passed is ignoring it: that connection is not
 * read until then, so such clients are held back by TCP instead of keeping
 * the event loop busy discarding bodies (64 of them resending at once made
 * thousands of refusals a second, and /health waited for the cores).
 */
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { RETRY_AFTER_SECONDS, overloaded } from '../errors.js';

const refusal = overloaded('The identification service is at capacity');
// Built once: a refusal must cost less than the request it refuses.
const REFUSAL_BODY = JSON.stringify({ errors: [{ message: refusal.message, extensions: { ...refusal.details, code: refusal.code } }] });

export function uploadAdmission(maxInFlight: number, retryAfterMs = RETRY_AFTER_SECONDS * 1000) {
  let inFlight = 0;
  /** When each connection was last refused without being held off. */
  const refusedAt = new WeakMap<Socket, number>();

  /** Stops reading the connection for `ms` (what the client sends meanwhile waits in the kernel's buffers). */
  const holdOff = (socket: Socket, ms: number): void => {
    if (socket.destroyed) return;
    socket.pause();
    setTimeout(() => socket.resume(), ms).unref();
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    if (maxInFlight === 0 || !isUpload(req)) {
      next();
      return;
    }
    if (inFlight < maxInFlight) {
      inFlight++;
      res.once('close', () => inFlight--);
      next();
      return;
    }
    const { socket } = req;
    const now = performance.now();
    const since = now - (refusedAt.get(socket) ?? -Infinity);
    if (since < retryAfterMs) {
      // Node resumes the socket on 'finish' to discard the unread body: pause it after that.
      res.once('finish', () => setImmediate(holdOff, socket, retryAfterMs - since));
    } else {
      refusedAt.set(socket, now);
    }
    res.status(503).setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    res.type('application/json').send(REFUSAL_BODY);
  };
}

const isUpload = (req: Request): boolean =>
  req.method === 'POST' && (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
