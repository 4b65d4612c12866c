import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.ts';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceOptions {
  /** Names the process in errors, e.g. `api`. */
  name: string;
  /** The program and its arguments, e.g. `[process.execPath, 'apps/api/src/server.ts']`. */
  command: readonly [string, ...string[]];
  cwd?: string;
  /**
   * Its whole environment (or a function of the port it will listen on): nothing is inherited
   * but PATH, so a developer's shell cannot change a test. HOST defaults to 127.0.0.1; PORT is
   * set here.
   */
  env: Record<string, string> | ((port: number) => Record<string, string>);
  /** Path polled on the service's port until it answers 2xx, e.g. `/healthz`. */
  readyPath: string;
  /** A port of the caller's choice; by default a free one, chosen again should it be taken meanwhile. */
  port?: number;
  /** How long it may take to answer on `readyPath`; 30 s by default. */
  readyTimeoutMs?: number;
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The lines it wrote to stdout that are JSON objects (its log entries), in order. */
  logs: Record<string, unknown>[];
  /** Everything it wrote to stdout and stderr so far, for error messages. */
  output: () => string;
  /** Resolves once it has exited: the exit code, or the signal that ended it. */
  exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL if it still runs after `graceMs` (default 5 s; 0 kills at once); resolves once it has exited. */
  stop: (graceMs?: number) => Promise<ExitStatus>;
}

const orphanGuard = new URL('./orphan-guard.ts', import.meta.url).href;

const running = new Set<ChildProcess>();
let safetyNetArmed = false;

// Should the test process exit without its teardown (process.exit, an uncaught error), no service
// outlives it; should it be killed outright, each service's orphan guard ends it.
function armSafetyNet(): void {
  if (safetyNetArmed) {
    return;
  }
  safetyNetArmed = true;
  process.on('exit', () => {
    for (const child of running) {
      child.kill('SIGKILL');
    }
  });
}

/** Kills `child` should this process exit before it does (services also carry an orphan guard). */
export function killOnExit(child: ChildProcess): void {
  armSafetyNet();
  running.add(child);
  child.once('exit', () => running.delete(child));
}

class NotReadyError extends Error {
  readonly portTaken: boolean;
  constructor(message: string, portTaken: boolean) {
    super(message);
    this.name = 'NotReadyError';
    this.portTaken = portTaken;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function launch(options: ServiceOptions, port: number): Promise<ServiceProcess> {
  const [program, ...args] = options.command;
  const env = typeof options.env === 'function' ? options.env(port) : options.env;
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
      // Node programs end themselves should this process die without stopping them.
      NODE_OPTIONS: `--import=${orphanGuard}`,
      SOKONI_TEST_PARENT_PID: String(process.pid),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  const exited = once(child, 'exit').then(
    ([code, signal]): ExitStatus => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }),
  );
  // A spawn failure (no such program) is reported by `exited` and the readiness wait.
  child.on('error', () => {});

  let text = '';
  const logs: Record<string, unknown>[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    text += `${line}\n`;
    if (line.startsWith('{')) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line that only looks like JSON.
      }
    }
  });

  const url = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 5_000): Promise<ExitStatus> => {
    if (child.exitCode === null && child.signalCode === null) {
      if (graceMs <= 0) {
        child.kill('SIGKILL');
        return exited;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return exited;
  };
  const service: ServiceProcess = {
    name: options.name,
    child,
    port,
    url,
    logs,
    output: () => text,
    exited,
    stop,
  };

  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await answers(`${url}${options.readyPath}`))) {
    if (hasExited) {
      const status = await exited;
      throw new NotReadyError(
        `${options.name} exited (${status.signal ?? status.code}) before answering ${options.readyPath}:\n${text}`,
        /EADDRINUSE/.test(text),
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new NotReadyError(
        `${options.name} did not answer ${url}${options.readyPath} in time:\n${text}`,
        false,
      );
    }
    await sleep(50);
  }
  return service;
}

/**
 * Starts a program that serves HTTP (an app's server, as the container runs it) and resolves
 * once it answers on `readyPath`. It is killed when this process exits; stopping it before
 * that is the caller's job (`startService` in test files does it when the file is done).
 */
export async function spawnService(options: ServiceOptions): Promise<ServiceProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(options, port);
    } catch (error) {
      const retry = error instanceof NotReadyError && error.portTaken && options.port === undefined;
      if (!retry || attempt === 3) {
        throw error;
      }
    }
  }
}
