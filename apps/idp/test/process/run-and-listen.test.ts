import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenIdp } from '../../src/listen.ts';
import { ProductionRefusedError } from '../../src/production-guard.ts';
import { runIdp } from '../../src/run.ts';
import { useTempDir } from '../helper.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('runIdp', () => {
  it('serves the configured issuer and stops', async () => {
    const running = await runIdp({
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'test',
      IDP_DEVELOPMENT_MODE: 'true',
      LOG_LEVEL: 'silent',
      IDP_ISSUER: 'http://localhost:4999',
      IDP_DATA_DIR: await useTempDir(),
    });
    const response = await fetch(`http://127.0.0.1:${running.idp.port}/.well-known/openid-configuration`);
    expect(((await response.json()) as { issuer: string }).issuer).toBe('http://localhost:4999');
    await running.stop('test');
    expect(running.idp.server.listening).toBe(false);
  });

  it('cuts connections still open after the grace period', async () => {
    const running = await runIdp({
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'test',
      IDP_DEVELOPMENT_MODE: 'true',
      LOG_LEVEL: 'silent',
      IDP_DATA_DIR: await useTempDir(),
    });
    // A request whose headers never finish keeps its connection busy.
    const socket = connect(running.idp.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /jwks HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await running.stop('test', 50);
    await closed;
    expect(running.idp.server.listening).toBe(false);
  });
});

describe('listenIdp', () => {
  it('releases the port when the provider cannot be built', async () => {
    const port = await freePort();
    const dataDir = await useTempDir();
    await expect(
      listenIdp({ host: '127.0.0.1', port, dataDir, nodeEnv: 'production' }),
    ).rejects.toBeInstanceOf(ProductionRefusedError);
    const idp = await listenIdp({ host: '127.0.0.1', port, dataDir, nodeEnv: 'test' });
    expect(idp.issuer).toBe(`http://127.0.0.1:${port}`);
    await idp.close();
  });

  it('brackets an IPv6 host in the issuer', async () => {
    const idp = await listenIdp({ host: '::1', port: 0, dataDir: await useTempDir(), nodeEnv: 'test' }).catch(
      (error: NodeJS.ErrnoException) => {
        // Machines without IPv6 loopback cannot run this case.
        if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') {
          return undefined;
        }
        throw error;
      },
    );
    if (idp) {
      expect(idp.issuer).toBe(`http://[::1]:${idp.port}`);
      await idp.close();
    }
  });
});
