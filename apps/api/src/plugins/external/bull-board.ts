import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Scope } from '@sokoni/contracts';
import type { FastifyInstance } from 'fastify';
import { bullBoardPolicy } from '../../features/security-headers/content-security-policies.ts';
import { pageSecurity } from './helmet.ts';

const BULL_BOARD_PATH = '/admin/queues';

/** Operators watch the SMS queue; they need the scope that resends SMS. */
const viewScopes = ['notifications:resend'] as const satisfies readonly Scope[];

/**
 * What changes the queue (pause, resume, empty, clean, obliterate, retry, promote, add, remove,
 * edit a job…) needs a scope of its own besides: an operator who may resend one SMS may not drop
 * every waiting one. Bull Board changes things only with methods other than GET and HEAD.
 */
const manageScopes = [...viewScopes, 'queues:manage'] as const satisfies readonly Scope[];

function scopesFor(method: string | string[]): readonly Scope[] {
  const methods = [method].flat().map((name) => name.toUpperCase());
  return methods.every((name) => name === 'GET' || name === 'HEAD') ? viewScopes : manageScopes;
}

/**
 * Bull Board, the operators' view of the SMS queue, at /admin/queues. Not fp-wrapped: the
 * onRoute hook below stays inside this plugin, where it gives every Bull Board route (pages,
 * static files and its JSON API alike) its scopes and its Content-Security-Policy, and keeps them
 * out of the OpenAPI document.
 */
export default async function bullBoard(fastify: FastifyInstance) {
  const helmet = pageSecurity(bullBoardPolicy());
  fastify.addHook('onRoute', (route) => {
    route.config = { ...route.config, scopes: scopesFor(route.method), helmet };
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
