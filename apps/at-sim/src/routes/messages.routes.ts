import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { SimulatorState } from '../simulator-state.ts';

const messagesQuery = Type.Object({
  to: Type.Optional(Type.String({ minLength: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
  // Opaque to clients: the `nextCursor` of the previous page.
  cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
});

/** What the simulator received and what it reported back, newest first. */
export async function messagesRoutes(
  app: FastifyInstance,
  options: { state: SimulatorState },
): Promise<void> {
  const { messages, reporter } = options.state;

  app.get<{ Querystring: Static<typeof messagesQuery> }>(
    '/messages',
    { schema: { querystring: messagesQuery } },
    async (request) => {
      const { to, limit, cursor } = request.query;
      const page = messages.page({ to, limit, before: cursor === undefined ? undefined : Number(cursor) });
      return {
        items: page.items,
        nextCursor: page.nextBefore === null ? null : String(page.nextBefore),
      };
    },
  );

  app.delete('/messages', async (_request, reply) => {
    messages.clear();
    return reply.code(204).send();
  });

  app.get('/delivery-reports', async () => ({ items: reporter.list() }));

  app.delete('/delivery-reports', async (_request, reply) => {
    reporter.clear();
    return reply.code(204).send();
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
}
