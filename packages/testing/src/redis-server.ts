import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port.ts';
import { killOnExit } from './spawn-service.ts';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`: the same address across stops and starts. */
  url: string;
  /** Kills the server (SIGKILL, as abrupt as an outage); its data is gone. */
  stop: () => Promise<void>;
  /** Starts it again on the same port, empty. */
  start: () => Promise<void>;
  isRunning: () => boolean;
}

async function launch(port: number): Promise<ChildProcess> {
  // No persistence: an outage in a test loses whatever Redis held, as a failed-over cache would.
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  killOnExit(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  child.stdout?.resume();
  return child;
}

/**
 * A Redis server of the caller's own, on a free loopback port, for tests that take Redis away
 * (`stop`) and bring it back (`start`) without disturbing anyone else. Needs `redis-server` on
 * PATH, as bin/lib/test-services does.
 */
export async function spawnRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    isRunning: () => child !== undefined,
    async stop() {
      const running = child;
      child = undefined;
      if (running && running.exitCode === null && running.signalCode === null) {
        const exited = once(running, 'exit');
        running.kill('SIGKILL');
        await exited;
      }
    },
    async start() {
      child ??= await launch(port);
    },
  };
}
