import type { Logger } from '../logger.js';
import type { Config } from '../config.js';

/** Who sent the request, from the Authorization header (http/auth.ts): see requireAdmin. */
export type Caller = 'admin' | 'anonymous' | 'invalid';

/** Per request. Services are not here: resolvers get them in their constructor (graphql/container.ts). */
export interface GraphQLContext {
  requestId: string;
  /** Aborted at the request's deadline or when its client goes away. */
  signal?: AbortSignal;
  logger: Logger;
  limits: Config['limits'];
  /** The client's address (rate limits). */
  clientAddress: string;
  /** From the Authorization header: see requireAdmin. */
  caller: Caller;
}
