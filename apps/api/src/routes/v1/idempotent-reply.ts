import type { FastifyReply } from 'fastify';
import type { IdempotentOutcome } from '../../features/idempotency/idempotency.service.ts';

/** Sends the outcome of an idempotent POST, marking replays with `Idempotency-Replayed: true`. */
export function sendOutcome<T>(reply: FastifyReply, outcome: IdempotentOutcome<T>): T {
  reply.code(outcome.status).headers(outcome.headers);
  if (outcome.replayed) {
    reply.header('idempotency-replayed', 'true');
  }
  return outcome.body;
}
