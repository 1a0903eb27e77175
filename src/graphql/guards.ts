import { AppError } from '../errors.js';
import type { GraphQLContext } from './context.js';

/** Mutations that change data need the admin bearer token. */
export function requireAdmin({ caller }: Pick<GraphQLContext, 'caller'>): void {
  if (caller === 'admin') return;
  if (caller === 'anonymous') {
    throw new AppError('UNAUTHENTICATED', 'This operation needs the admin token: send "Authorization: Bearer <token>"');
  }
  throw new AppError('FORBIDDEN', 'The token sent is not the admin token');
}
