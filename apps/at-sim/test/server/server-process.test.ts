import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sendSms } from '../helper.ts';

const serverPath = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
let child: ChildProcess | undefined;

function startProcess(env: Record<string, string>): ChildProcess {
  child = spawn(process.execPath, [serverPath], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return child;
}

/** The URL from pino's "Server listening at …" line. */
async function listeningUrl(process: ChildProcess): Promise<string> {
  let output = '';
  for await (const chunk of process.stdout ?? []) {
    output += String(chunk);
    const match = /"Server listening at (http:\/\/[^"]+)"/.exec(output);
    if (match?.[1]) {
      return match[1];
    }
  }
  throw new Error(`the simulator never listened:\n${output}`);
}

afterEach(() => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
  }
});

describe('node src/server.ts', () => {
  it('serves AT requests and stops cleanly on SIGTERM', async () => {
    const process = startProcess({ AT_SIM_API_KEY: 'process-key', AT_SIM_USERNAME: 'sokoni' });
    const url = await listeningUrl(process);
    const answer = await sendSms(
      url,
      { username: 'sokoni', to: '+254712345678', message: 'hi' },
      { apiKey: 'process-key' },
    );
    expect(answer.status).toBe(201);
    process.kill('SIGTERM');
    const [code] = await once(process, 'exit');
    expect(code).toBe(0);
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const process = startProcess({ AT_SIM_FAULTS: '[{"kind":"nope"}]' });
    let stderr = '';
    process.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const [code] = await once(process, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('AT_SIM_FAULTS');
  });
});
