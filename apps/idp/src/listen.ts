import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { createIdp, type IdpOptions } from './provider.ts';

export interface ListenIdpOptions extends Omit<IdpOptions, 'issuer'> {
  host: string;
  port: number;
  /** Defaults to `http://<host>:<bound port>`, which is what an ephemeral-port test wants. */
  issuer?: string;
}

export interface RunningIdp {
  issuer: string;
  port: number;
  provider: Provider;
  server: Server;
  /** Stops accepting connections and resolves once the open ones are done. */
  close: () => Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Listens first and builds the provider second, because the issuer of a provider on port 0
 * is only known once the port is bound. Requests that arrive in between get a 503.
 */
export async function listenIdp(options: ListenIdpOptions): Promise<RunningIdp> {
  let handler: RequestListener | undefined;
  const server = createServer((req, res) => {
    if (handler) {
      handler(req, res);
    } else {
      res.writeHead(503, { 'retry-after': '1' }).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = options.issuer ?? `http://${hostForUrl(options.host)}:${port}`;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
  try {
    const provider = await createIdp({ ...options, issuer });
    handler = provider.callback();
    return { issuer, port, provider, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}
