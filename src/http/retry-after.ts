/**
 * When the service is at capacity, the answer says so at the HTTP level too:
 * a Retry-After header, and status 503 when nothing else was answered.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from '../errors.js';

export function retryAfterPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          const busy = errors?.filter((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE') ?? [];
          if (busy.length === 0) return;
          const seconds = Math.max(...busy.map((error) => Number(error.extensions?.retryAfterSeconds ?? RETRY_AFTER_SECONDS)));
          response.http.headers.set('retry-after', String(seconds));
          if (data == null) response.http.status = 503;
        },
      };
    },
  };
}
