import { Type } from 'typebox';
import { MAX_KEY_LENGTH } from './idempotency.service.ts';

/**
 * The request header of an idempotent route; plugins/app/idempotency.ts adds it to the route's
 * schema. Its length is checked by the service, which answers the problem code of a bad key.
 */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      description: `makes a retried POST safe: the first result is replayed for 24 hours (at most ${MAX_KEY_LENGTH} characters)`,
    }),
  ),
});
