import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it, vi } from 'vitest';
import { startService } from '../../src/fixtures.ts';
import { spawnService } from '../../src/spawn-service.ts';

const program = [process.execPath, new URL('../fixtures/http-program.ts', import.meta.url).pathname] as const;

describe('spawnService', () => {
  it('resolves once the program answers on its ready path, with its URL and JSON log lines', async () => {
    const service = await startService({
      name: 'stand-in',
      command: program,
      env: { READY_AFTER_MS: '300' },
      readyPath: '/ready',
    });
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    // Only PATH is inherited: the developer's shell cannot change what a test sees.
    expect(service.logs).toEqual([{ msg: 'listening', host: '127.0.0.1', home: null }]);
    expect(service.output()).toContain('a line that is not JSON');
    expect(await service.stop()).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('fails with the program’s output when it exits before answering', async () => {
    const start = spawnService({
      name: 'stand-in',
      command: program,
      env: { MODE: 'crash' },
      readyPath: '/ready',
    });
    await expect(start).rejects.toThrow(/stand-in exited \(3\) before answering \/ready:\ncannot start/);
  });

  it('kills a program that does not answer in time', async () => {
    const start = spawnService({
      name: 'stand-in',
      command: program,
      env: { READY_AFTER_MS: '600000' },
      readyPath: '/ready',
      readyTimeoutMs: 500,
    });
    await expect(start).rejects.toThrow(/stand-in did not answer http:\/\/127\.0\.0\.1:\d+\/ready in time/);
  });

  it('reports a port the caller chose that is taken', async () => {
    const squatter = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => squatter.once('listening', resolve));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const start = spawnService({ name: 'stand-in', command: program, env: {}, readyPath: '/ready', port });
      await expect(start).rejects.toThrow(/EADDRINUSE/);
    } finally {
      squatter.close();
    }
  });

  it('kills a program that ignores SIGTERM once the grace is over', async () => {
    const service = await startService({
      name: 'stand-in',
      command: program,
      env: { MODE: 'ignore-sigterm' },
      readyPath: '/ready',
    });
    expect(await service.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(service.logs.map((entry) => entry.msg)).toContain('SIGTERM ignored');
  });

  it('ends a service whose test process was killed without its teardown', async () => {
    const starter = spawn(
      process.execPath,
      [new URL('../fixtures/starts-a-service.ts', import.meta.url).pathname],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = (await once(createInterface({ input: starter.stdout }), 'line')) as [string];
    const { pid } = JSON.parse(line) as { pid: number };
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    starter.kill('SIGKILL');
    await vi.waitFor(() => expect(alive()).toBe(false), { timeout: 10_000, interval: 100 });
  });
});
