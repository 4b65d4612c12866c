import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { handleMessagingRequest, type MessagingForm } from '../messaging/handle-messaging-request.ts';
import type { SimulatorState } from '../simulator-state.ts';

/** Africa's Talking's send endpoint, form-encoded in, AT's JSON (or plain-text errors) out. */
export async function messagingRoutes(
  app: FastifyInstance,
  options: { state: SimulatorState },
): Promise<void> {
  const { state } = options;
  // Requests held open on purpose (timeout and latency faults): closing the simulator must not
  // wait for them.
  const held = new Set<Socket>();
  const closing = new AbortController();

  app.addHook('preClose', async () => {
    closing.abort();
    for (const socket of held) {
      socket.destroy();
    }
  });

  // The socket, not the request: a request's 'close' fires once its body is read.
  function hold(socket: Socket): () => void {
    const forget = () => held.delete(socket);
    held.add(socket);
    socket.once('close', forget);
    return () => {
      forget();
      socket.off('close', forget);
    };
  }

  app.post('/version1/messaging', async (request, reply) => {
    const apiKey = request.headers.apikey;
    const outcome = handleMessagingRequest(
      state.messaging,
      typeof apiKey === 'string' ? apiKey : undefined,
      (request.body ?? {}) as MessagingForm,
    );
    const socket = request.raw.socket;
    const release = outcome.answer === null || outcome.delayMs > 0 ? hold(socket) : () => {};
    if (outcome.answer === null) {
      // Never answer: the client's timeout is what is being tested. Delivery goes ahead when
      // the rule said AT processed the message anyway.
      outcome.deliveries.forEach(state.reporter.schedule);
      request.log.info({ faults: 'timeout' }, 'holding the request without an answer');
      reply.hijack();
      return;
    }
    if (outcome.delayMs > 0) {
      try {
        await sleep(outcome.delayMs, undefined, { signal: closing.signal });
      } catch {
        reply.hijack();
        socket.destroy();
        return;
      }
      release();
    }
    if (outcome.answer.retryAfter !== undefined) {
      reply.header('retry-after', outcome.answer.retryAfter);
    }
    await reply.code(outcome.answer.status).type(outcome.answer.contentType).send(outcome.answer.body);
    // Reports follow the answer, as with AT, so a sender has the message id before they arrive.
    outcome.deliveries.forEach(state.reporter.schedule);
  });
}
