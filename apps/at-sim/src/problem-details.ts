import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidFaultRulesError } from './faults/parse-fault-rules.ts';

/**
 * AT's own endpoint answers errors in plain text like AT; the simulator's control endpoints
 * answer RFC 9457 problem+json like the rest of the project.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const invalidRules = error instanceof InvalidFaultRulesError;
  const status = invalidRules ? 400 : error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
  }
  const detail = status >= 500 ? 'The simulator failed; see its log.' : error.message;
  if (request.url.startsWith('/version1/')) {
    return reply.code(status).type('text/plain; charset=utf-8').send(detail);
  }
  const errors = invalidRules
    ? error.problems.map((problem) => ({ detail: problem }))
    : error.validation?.map((issue) => ({
        detail: `${issue.instancePath || '/'} ${issue.message ?? ''}`.trim(),
      }));
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance: request.id,
      ...(errors ? { errors } : {}),
    });
}
