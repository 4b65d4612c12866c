import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProductionRefusedError } from '../../src/production-guard.ts';
import { createIdp } from '../../src/provider.ts';
import { useTempDir } from '../helper.ts';

const serverPath = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

function runServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [serverPath], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) {
    return child.exitCode;
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

async function waitForOutput(
  output: () => string,
  pattern: RegExp,
  child: ChildProcess,
): Promise<RegExpMatchArray> {
  for (;;) {
    const match = output().match(pattern);
    if (match) {
      return match;
    }
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode}: ${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('production refusal', () => {
  it('will not start without the explicit development opt-in, whatever NODE_ENV says', async () => {
    for (const NODE_ENV of ['development', 'test']) {
      const { child, output } = runServer({ NODE_ENV, PORT: '0', IDP_DATA_DIR: await useTempDir() });
      expect(await exitCode(child)).toBe(1);
      expect(output()).toContain('IDP_DEVELOPMENT_MODE=true');
      expect(output()).toContain('sokoni-dev-secret');
    }
  });

  it('exits non-zero with a clear message when NODE_ENV=production, opt-in or not', async () => {
    const { child, output } = runServer({
      IDP_DEVELOPMENT_MODE: 'true',
      NODE_ENV: 'production',
      PORT: '0',
      IDP_DATA_DIR: await useTempDir(),
    });
    expect(await exitCode(child)).toBe(1);
    expect(output()).toContain('refuses to run with NODE_ENV=production');
    expect(output()).toContain('OIDC_ISSUER');
  });

  it('refuses in-process too', async () => {
    const building = createIdp({
      issuer: 'http://127.0.0.1:1',
      dataDir: await useTempDir(),
      nodeEnv: 'production',
    });
    await expect(building).rejects.toBeInstanceOf(ProductionRefusedError);
  });
});

describe('server process', () => {
  it('names a bad variable and exits 1', async () => {
    const { child, output } = runServer({
      PORT: 'not-a-port',
      IDP_DEVELOPMENT_MODE: 'true',
      IDP_DATA_DIR: await useTempDir(),
    });
    expect(await exitCode(child)).toBe(1);
    expect(output()).toContain('PORT');
  });

  it('serves, then stops cleanly on SIGTERM', async () => {
    const { child, output } = runServer({
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'test',
      IDP_DEVELOPMENT_MODE: 'true',
      IDP_DATA_DIR: await useTempDir(),
    });
    try {
      const [, port] = await waitForOutput(output, /"port":(\d+)/, child);
      const response = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { issuer: string }).issuer).toBe('http://localhost:3001');
      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
      expect(output()).toContain('"reason":"SIGTERM"');
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    }
  });
});
