import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Scope } from '@sokoni/contracts';
import type { FastifyInstance } from 'fastify';

const BULL_BOARD_PATH = '/admin/queues';

/** Operators watch, retry and clean the SMS queue; they need the scope that resends SMS. */
const operatorScopes = ['notifications:resend'] as const satisfies readonly Scope[];

/**
 * Bull Board, the operators' view of the SMS queue, at /admin/queues. Not fp-wrapped: the
 * onRoute hook below stays inside this plugin, where it gives every Bull Board route (pages,
 * static files and its JSON API alike) the operator scopes and keeps them out of the OpenAPI
 * document.
 */
export default async function bullBoard(fastify: FastifyInstance) {
  fastify.addHook('onRoute', (route) => {
    route.config = { ...route.config, scopes: operatorScopes };
    route.schema = { ...route.schema, hide: true };
  });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(fastify.smsProducer.queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Sokoni queues' } },
  });
  await fastify.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
