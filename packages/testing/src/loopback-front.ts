import { once } from 'node:events';
import { createServer, type RequestListener, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request listener that passes each request on to `target` (an http://host:port) and its answer back. */
export function proxyTo(target: string): RequestListener {
  const { hostname, port } = new URL(target);
  return (incoming, outgoing) => {
    const forwarded = request(
      { hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(502);
      }
      outgoing.end();
    });
    incoming.pipe(forwarded);
  };
}

export interface LoopbackFront {
  /** `http://127.0.0.1:<port>`: the address clients are given. */
  url: string;
  /** Its HTTP server: replace its `request` listeners to change what the clients get. */
  server: Server;
  /** Passes every request on to `target` from now on (until then, each is answered 503). */
  forwardTo: (target: string) => void;
  close: () => Promise<void>;
}

const notYet: RequestListener = (_incoming, outgoing) => {
  outgoing.writeHead(503, { 'retry-after': '1' }).end();
};

/**
 * An HTTP server on a loopback port of its own that passes requests on to another: the address
 * a test gives its clients when it wants to take the service behind it away, or swap it for
 * another, while that address stays the same. Its address is known before the service starts,
 * so a service that must announce it (an OpenID issuer) can be told.
 */
export async function startLoopbackFront(): Promise<LoopbackFront> {
  const server = createServer(notYet);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    forwardTo(target) {
      server.removeAllListeners('request');
      server.on('request', proxyTo(target));
    },
    close: async () => {
      server.closeAllConnections();
      if (server.listening) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
