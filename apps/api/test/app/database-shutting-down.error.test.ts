import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createTestApi } from '../helper.ts';

const api = await createTestApi();

/**
 * A PostgreSQL that is shutting down (or starting up) as clients see it: every connection is
 * answered with a FATAL ErrorResponse of that SQLSTATE and closed, as the real server does.
 */
async function refusingPostgres(sqlstate: string, message: string): Promise<Server> {
  const field = (code: string, value: string) =>
    Buffer.concat([Buffer.from(code), Buffer.from(`${value}\0`)]);
  const fields = Buffer.concat([
    field('S', 'FATAL'),
    field('V', 'FATAL'),
    field('C', sqlstate),
    field('M', message),
    Buffer.from([0]),
  ]);
  const length = Buffer.alloc(4);
  length.writeInt32BE(fields.length + 4);
  const errorResponse = Buffer.concat([Buffer.from('E'), length, fields]);
  const server = createServer((socket) => {
    socket.once('data', () => socket.end(errorResponse));
    socket.on('error', () => {});
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) {
    server.close();
  }
});

it.each([
  ['57P03', 'the database system is shutting down'],
  ['57P03', 'the database system is starting up'],
])('answers 503 with Retry-After while PostgreSQL says %s (%s)', async (sqlstate, message) => {
  const server = await refusingPostgres(sqlstate, message);
  servers.push(server);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const app = await buildApp({ ...api.config, DATABASE_URL: `postgres://sokoni@127.0.0.1:${port}/sokoni` });
  try {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: await api.staffAuthorization() },
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ type: 'urn:sokoni:problem:unavailable' });
  } finally {
    await app.close();
  }
});
