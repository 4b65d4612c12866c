import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import { IdempotencyHeaders } from '../../features/idempotency/idempotency.schemas.ts';
import { createIdempotencyService } from '../../features/idempotency/idempotency.service.ts';
import type { UnitOfWork } from '../../lib/unit-of-work.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Makes the route safe to retry with an `Idempotency-Key` header: its first answer is stored
     * and replayed (features/idempotency). The handler does its writes in `request.unitOfWork`
     * and returns its body (it must not send it), so the stored answer commits with them.
     */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /**
     * The transaction an idempotent route's handler writes in, set when the request carries an
     * Idempotency-Key; undefined otherwise (services then open their own).
     */
    unitOfWork: UnitOfWork | undefined;
  }
}

/**
 * What a key is kept under: the route with its parameters filled in (no trailing slash) and the
 * caller, so two callers may use the same key. Stored keys match it across releases: keep it.
 */
function keyScope(request: FastifyRequest): string {
  const params = (request.params ?? {}) as Record<string, string>;
  const path = (request.routeOptions.url ?? '')
    .replace(/:(\w+)/g, (_, name: string) => params[name] ?? '')
    .replace(/\/$/, '');
  return `${request.method} ${path} ${request.actor.id}`;
}

/** The headers the handler set (such as `location`), which a replay repeats; not the request id. */
function headersSetSince(reply: FastifyReply, before: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(reply.getHeaders())
      .filter(([name, value]) => !before.has(name) && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}

/**
 * Wraps the handler of every route declaring `config.idempotent`: one mechanism for every
 * creating POST, in place of a copy per route. Replays answer with `Idempotency-Replayed: true`.
 */
async function idempotency(fastify: FastifyInstance) {
  const service = createIdempotencyService({ db: fastify.db });
  fastify.decorateRequest('unitOfWork', undefined);

  fastify.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) {
      return;
    }
    route.schema = { ...route.schema, headers: route.schema?.headers ?? IdempotencyHeaders };
    const handler: RouteHandlerMethod = route.handler;
    // A route without a body (a resend) is one request whatever a client sends along.
    const hasBody = route.schema?.body !== undefined;
    route.handler = async function idempotentHandler(this: FastifyInstance, request, reply) {
      const key = request.headers['idempotency-key'];
      const headersBefore = new Set(Object.keys(reply.getHeaders()));
      const outcome = await service.execute(
        {
          scope: keyScope(request),
          key: typeof key === 'string' ? key : undefined,
          body: hasBody ? request.body : null,
        },
        async (unit) => {
          request.unitOfWork = unit;
          const body: unknown = await handler.call(this, request, reply);
          if (reply.sent) {
            throw new Error(`${route.method} ${route.url}: an idempotent handler returns its body, unsent`);
          }
          return { status: reply.statusCode, body, headers: headersSetSince(reply, headersBefore) };
        },
      );
      if (outcome.replayed) {
        reply.code(outcome.status).headers(outcome.headers).header('idempotency-replayed', 'true');
      }
      return outcome.body;
    };
  });
}

export default fp(idempotency, { name: 'idempotency', dependencies: ['db'] });
