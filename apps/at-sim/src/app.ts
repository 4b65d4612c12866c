import formbody from '@fastify/formbody';
import { OneLineRequestLog } from '@sokoni/runtime';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { handleError } from './problem-details.ts';
import { controlRoutes } from './routes/control.routes.ts';
import { messagesRoutes } from './routes/messages.routes.ts';
import { messagingRoutes } from './routes/messaging.routes.ts';
import { createSimulatorState, type SimulatorOptions, type SimulatorState } from './simulator-state.ts';

export type { SimulatorOptions, SimulatorState } from './simulator-state.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The simulator's in-memory state, for in-process tests and benchmarks. */
    simulator: SimulatorState;
  }
}

/**
 * An Africa's Talking SMS API look-alike: `POST /version1/messaging` with AT's answers and
 * delivery-report callbacks, plus controls to inject faults. Returned unstarted: the caller
 * listens (port 0 in tests) and closes it.
 */
export async function buildSimulator(
  options: SimulatorOptions & { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const { logger = false, ...simulatorOptions } = options;
  const app = Fastify({ logger, logController: new OneLineRequestLog() });
  const state = createSimulatorState(simulatorOptions, app.log);

  await app.register(formbody);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: `no route ${request.method} ${request.url}`,
        instance: request.id,
      }),
  );
  await app.register(messagingRoutes, { state });
  await app.register(controlRoutes, { state });
  await app.register(messagesRoutes, { state });
  app.addHook('onClose', async () => {
    await state.reporter.close();
  });
  app.decorate('simulator', state);
  return app;
}
