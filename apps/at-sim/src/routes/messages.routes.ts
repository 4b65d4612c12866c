import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { SimulatorState } from '../simulator-state.ts';

const messagesQuery = Type.Object({ to: Type.Optional(Type.String()) });

/** What the simulator received and what it reported back, newest last. */
export async function messagesRoutes(
  app: FastifyInstance,
  options: { state: SimulatorState },
): Promise<void> {
  const { messages, reporter } = options.state;

  app.get<{ Querystring: { to?: string } }>(
    '/messages',
    { schema: { querystring: messagesQuery } },
    async (request) => ({
      items: messages.list({ to: request.query.to }),
    }),
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
