import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { parseFaultRules } from '../faults/parse-fault-rules.ts';
import type { SimulatorState } from '../simulator-state.ts';

const deliverySettingsBody = Type.Object(
  {
    callbackUrl: Type.Optional(Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()])),
    delayMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** Test and development controls: fault injection and delivery-report settings. Not part of AT. */
export async function controlRoutes(app: FastifyInstance, options: { state: SimulatorState }): Promise<void> {
  const { faults, deliverySettings } = options.state;

  app.get('/control/faults', async () => ({ rules: faults.list() }));

  // Rules are validated by parseFaultRules rather than a route schema: Ajv's removeAdditional
  // mangles unions of objects, and per-kind errors read better.
  app.post('/control/faults', async (request, reply) => {
    const body = request.body as { rules?: unknown } | null;
    const added = faults.add(parseFaultRules(body?.rules));
    return reply.code(201).send({ rules: added });
  });

  app.delete('/control/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/control/faults/:id', async (request, reply) => {
    if (!faults.remove(request.params.id)) {
      return reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `no fault rule ${request.params.id}`,
        });
    }
    return reply.code(204).send();
  });

  app.get('/control/delivery-reports', async () => ({ ...deliverySettings }));

  app.put<{ Body: { callbackUrl?: string | null; delayMs?: number } }>(
    '/control/delivery-reports',
    { schema: { body: deliverySettingsBody } },
    async (request) => {
      if (request.body.callbackUrl !== undefined) {
        deliverySettings.callbackUrl = request.body.callbackUrl;
      }
      if (request.body.delayMs !== undefined) {
        deliverySettings.delayMs = request.body.delayMs;
      }
      return { ...deliverySettings };
    },
  );
}
