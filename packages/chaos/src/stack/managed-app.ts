import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ServiceProcess, spawnService } from '@sokoni/testing/standalone';
import { logDir, repoRoot } from './paths.ts';

export interface ManagedApp {
  name: string;
  url: string;
  /** Stops it with `signal` (SIGTERM waits for its graceful close, up to 20 s) and starts it again on its port. */
  restart: (signal: 'SIGTERM' | 'SIGKILL', downMs?: number) => Promise<void>;
  /** Stops it; `start` brings it back on its port. */
  stop: (signal: 'SIGTERM' | 'SIGKILL') => Promise<void>;
  start: () => Promise<void>;
  isRunning: () => boolean;
}

/**
 * One app as a process on a port of its own that it keeps across restarts (so clients and the
 * simulator's callback find it again), its output appended to .data/chaos/logs/<name>.log each
 * time it stops.
 */
export async function startManagedApp(options: {
  name: string;
  entryPoint: string;
  readyPath: string;
  port: number;
  env: Record<string, string>;
}): Promise<ManagedApp> {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${options.name}.log`);
  const launch = () =>
    spawnService({
      name: options.name,
      command: [process.execPath, options.entryPoint],
      cwd: repoRoot,
      env: options.env,
      port: options.port,
      readyPath: options.readyPath,
      readyTimeoutMs: 60_000,
    });
  let current: ServiceProcess | undefined = await launch();
  const stop = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const running = current;
    current = undefined;
    if (running === undefined) {
      return;
    }
    const status = await running.stop(signal === 'SIGKILL' ? 0 : 20_000);
    appendFileSync(
      logFile,
      `${running.output()}\n--- stopped by ${signal}: ${status.signal ?? `exit ${status.code}`}\n`,
    );
  };
  const start = async () => {
    current ??= await launch();
  };
  return {
    name: options.name,
    url: `http://127.0.0.1:${options.port}`,
    stop,
    start,
    async restart(signal, downMs = 0) {
      await stop(signal);
      if (downMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, downMs));
      }
      await start();
    },
    isRunning: () => current !== undefined,
  };
}
