import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logDir, repoRoot } from './paths.ts';

export interface AppProcess {
  name: string;
  pid: number;
  /** http://127.0.0.1:<port> */
  url: string;
  logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
}

const running = new Set<ChildProcess>();

// Whatever happens to the run (an error, Ctrl-C), no app it started outlives it.
process.on('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.exitCode = 130;
    process.exit();
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts `node <script>` (a path from the repository root) as its own process, with only the
 * environment given (plus PATH and HOME), its output in .data/bench/logs/<name>.log, and waits
 * until `healthPath` answers 2xx.
 */
export async function startAppProcess(options: {
  name: string;
  script: string;
  port: number;
  env: Record<string, string>;
  healthPath: string;
  startTimeoutMs?: number;
}): Promise<AppProcess> {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${options.name}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [options.script], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      ...options.env,
    },
    stdio: ['ignore', log, log],
  });
  running.add(child);
  const exited = once(child, 'exit');
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${options.port}`;

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited while starting:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${url}${options.healthPath}`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer ${options.healthPath} in time:\n${tail(logFile)}`);
    }
    await sleep(100);
  }

  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`${options.name} has no pid`);
  }
  return {
    name: options.name,
    pid,
    url,
    logFile,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
