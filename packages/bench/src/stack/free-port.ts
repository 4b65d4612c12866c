import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port free on loopback right now (the OS picks it); the caller binds it soon after. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) {
    throw new Error('could not find a free port');
  }
  return address.port;
}
