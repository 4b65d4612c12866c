import { createCustomer, createOrder, createTestApi, type TestApi } from '../helper.ts';
import {
  componentsOf,
  createSchemaValidator,
  documentedOperations,
  type Operation,
} from './openapi-operations.ts';
import type { RequestContext } from './openapi-requests.ts';

/** Who sends a fuzzed request: every documented operation is tried as each of them. */
export interface Actor {
  name: string;
  authorization: string | undefined;
}

export interface FuzzTarget {
  api: TestApi;
  /** Every operation of the API's own OpenAPI document, as the running app serves it. */
  operations: Operation[];
  context: RequestContext;
  validator: ReturnType<typeof createSchemaValidator>;
  actors: Actor[];
  actorNamed: (name: string) => Actor;
}

/**
 * The API on its own database, with rows for generated ids to find: customers (one of them the
 * demo login `amina`), orders in several statuses, and the notifications they owe.
 */
export async function createFuzzTarget(): Promise<FuzzTarget> {
  // The limiter stays on (its Redis counts are part of every request) but far above the fuzz's
  // pace: a run sends more requests a minute than any caller is allowed, and each must reach its route.
  const api = await createTestApi({
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_ORDER_WRITES_PER_MINUTE: '1000000',
  });
  await api.app.ready();
  const amina = await createCustomer(api, {
    name: 'Amina Njeri',
    phone: '0722 000 111',
    subject: 'customer-amina',
  });
  const other = await createCustomer(api, { name: 'Baraka Otieno', phone: '0733 000 222' });
  const orders = [
    await createOrder(api, amina.id),
    await createOrder(api, amina.id, { item: 'Unga 2kg', amount: '250.50' }),
    await createOrder(api, other.id, { quantity: 3 }),
  ];
  for (const [order, status] of [
    [orders[1], 'confirmed'],
    [orders[2], 'cancelled'],
  ] as const) {
    await api.inject({ method: 'POST', url: `/v1/orders/${order?.id}/status`, payload: { status } });
  }
  const notifications = (await api.inject({ method: 'GET', url: '/v1/notifications' })).json<{
    items: { id: string }[];
  }>().items;

  const document = api.app.swagger();
  const operations = documentedOperations(document);
  // A second page's cursor from each list without path parameters: the only cursors a valid
  // request of that list can carry (each list has its own order and cursor).
  const cursors: Record<string, string[]> = {};
  for (const operation of operations) {
    const paged = operation.parameters.some((parameter) => parameter.name === 'cursor');
    if (operation.method === 'GET' && paged && !operation.path.includes('{')) {
      const page = await api.inject({ method: 'GET', url: `${operation.path}?limit=1` });
      const { nextCursor } = page.json<{ nextCursor?: string | null }>();
      cursors[operation.path] = nextCursor ? [nextCursor] : [];
    }
  }

  const validator = createSchemaValidator(componentsOf(document));
  const actors: Actor[] = [
    { name: 'staff', authorization: await api.staffAuthorization() },
    { name: 'customer', authorization: await api.customerAuthorization('amina') },
    { name: 'no scope', authorization: await api.authorizationWithScopes([]) },
    { name: 'anonymous', authorization: undefined },
  ];
  return {
    api,
    operations,
    validator,
    context: {
      validator,
      knownIds: [amina.id, other.id, ...orders.map((order) => order.id), ...notifications.map((n) => n.id)],
      knownPathValues: { secret: [api.config.AT_WEBHOOK_SECRET] },
      opaqueValues: { cursor: cursors },
    },
    actors,
    actorNamed: (name) => {
      const actor = actors.find((candidate) => candidate.name === name);
      if (!actor) {
        throw new Error(`no actor ${name}`);
      }
      return actor;
    },
  };
}
