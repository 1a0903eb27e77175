/** Admin bearer token check, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Caller } from '../graphql/context.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Who sent the request: no Authorization header, the admin token, or anything else. */
export function callerOf(authorization: string | undefined, adminToken: string | null): Caller {
  if (!authorization) return 'anonymous';
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match || !adminToken) return 'invalid';
  // Hashing first makes the comparison constant-time whatever the lengths.
  return timingSafeEqual(digest(match[1]), digest(adminToken)) ? 'admin' : 'invalid';
}
