import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { AppError, type FieldError, type ProblemCode, problemCodes } from '../../lib/errors.ts';
import { problemResponses } from '../../schemas/common.ts';

/** Seconds a client is asked to wait after a 503 (a database or pool outage lasts about that). */
const UNAVAILABLE_RETRY_AFTER_S = 5;

const HTTP_METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Each failed rule of a schema as `{ field, message }`, naming the field even for missing or unknown ones. */
function fieldErrors(issues: ValidationIssue[], part: string | undefined): FieldError[] {
  // Fastify names the query string part "querystring"; clients know it as the query.
  const name = part === 'querystring' ? 'query' : part;
  const prefix = name && name !== 'body' ? `${name}/` : '';
  return issues.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '');
    const named = (name: unknown) => [path, String(name)].filter(Boolean).join('/');
    if (issue.keyword === 'required') {
      return { field: `${prefix}${named(issue.params.missingProperty)}`, message: 'is required' };
    }
    if (issue.keyword === 'additionalProperties') {
      return { field: `${prefix}${named(issue.params.additionalProperty)}`, message: 'is not a known field' };
    }
    if (issue.keyword === 'enum' && Array.isArray(issue.params.allowedValues)) {
      return {
        field: `${prefix}${path || '(root)'}`,
        message: `must be one of ${issue.params.allowedValues.join(', ')}`,
      };
    }
    return { field: `${prefix}${path || '(root)'}`, message: issue.message ?? 'is not valid' };
  });
}

const fastifyCodes: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation-failed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation-failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation-failed',
};

function problemOf(error: FastifyError | AppError): {
  code: ProblemCode;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
} {
  if (error instanceof AppError) {
    return { code: error.code, detail: error.message, errors: error.errors, extensions: error.extensions };
  }
  if (error.validation) {
    const errors = fieldErrors(error.validation as ValidationIssue[], error.validationContext);
    return {
      code: 'validation-failed',
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      errors,
    };
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) {
    return { code: mapped, detail: error.message };
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return { code: 'validation-failed', detail: 'the body is not valid JSON' };
  }
  if (databaseUnavailable(error)) {
    return { code: 'unavailable', detail: 'the database is unavailable; retry shortly' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const known = Object.entries(problemCodes).find(([, value]) => value.status === status);
    return { code: (known?.[0] as ProblemCode | undefined) ?? 'validation-failed', detail: error.message };
  }
  return {
    code: status === 503 ? 'unavailable' : 'internal',
    detail: 'the server failed to handle this request',
  };
}

// PostgreSQL unreachable, a pool with no free connection, or a statement cancelled by its timeout:
// the request may well succeed later, so 503 rather than 500.
const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH']);
// 57014 statement cancelled (timeout), 57P01 terminated by the administrator (a fast shutdown),
// 57P03 cannot connect now (shutting down, starting up, in recovery), 53300 too many connections.
const UNAVAILABLE_SQLSTATES = new Set(['57014', '57P01', '57P03', '53300']);

function databaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 4; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (UNAVAILABLE_SQLSTATES.has(String(code)) || UNAVAILABLE_NETWORK_CODES.has(String(code))) {
      return true;
    }
    if (
      typeof message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|not queryable/.test(message)
    ) {
      return true;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Writes an RFC 9457 problem; also used by the auth plugin for 401/403. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: {
    code: ProblemCode;
    detail: string;
    errors?: FieldError[] | undefined;
    extensions?: Record<string, unknown>;
  },
) {
  const { status, title } = problemCodes[problem.code];
  if (status === 503) {
    // Unavailable means "try again": say when (RFC 9110 §10.2.3), so clients back off instead of hammering.
    reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
  }
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      ...problem.extensions,
      type: `urn:sokoni:problem:${problem.code}`,
      title,
      status,
      detail: problem.detail,
      instance: request.id,
      ...(problem.errors ? { errors: problem.errors } : {}),
    });
}

/** Every error leaves the API as application/problem+json; 5xx details are logged, never returned. */
async function problemDetails(fastify: FastifyInstance) {
  fastify.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const problem = problemOf(error);
    if (problemCodes[problem.code].status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: problem.code, detail: problem.detail }, 'request rejected');
    }
    return sendProblem(request, reply, problem);
  });

  // Which methods each path answers, to tell "no such path" (404) from "not with this method" (405).
  const routes = FindMyWay({ ignoreTrailingSlash: true });
  // The body parsers answer 413 and 415 before any handler runs: every route taking a body
  // documents them, beside the statuses its handler sends.
  const bodyProblems = problemResponses(413, 415);
  fastify.addHook('onRoute', (route) => {
    if (route.schema?.body !== undefined && route.schema.response !== undefined) {
      route.schema = {
        ...route.schema,
        response: { 413: bodyProblems[413], 415: bodyProblems[415], ...route.schema.response },
      };
    }
    for (const method of [route.method].flat()) {
      routes.on(method as HTTPMethod, route.url, () => {});
    }
  });

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = HTTP_METHODS.filter((method) => routes.find(method, path) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(request, reply, {
        code: 'method-not-allowed',
        detail: `${path} answers ${allowed.join(', ')}, not ${request.method}`,
      });
    }
    return sendProblem(request, reply, { code: 'not-found', detail: `no route ${request.method} ${path}` });
  });
}

export default fp(problemDetails, { name: 'problem-details' });
