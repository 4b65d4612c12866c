import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const mainScript = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> of its health port. */
  url: string;
  /** Log lines (JSON) it wrote so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `node src/main.ts` as its own process, exactly as bin/dev and the container do. */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [mainScript], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      LOG_LEVEL: env.LOG_LEVEL === 'silent' ? 'info' : (env.LOG_LEVEL ?? 'info'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const started = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'SMS worker started') {
          resolve(Number(entry.port));
        }
      } catch {
        // Not a log line.
      }
    });
    void exited.then(({ code }) =>
      reject(new Error(`worker exited with ${code} before starting: ${stderr}`)),
    );
  });
  const port = await started;
  return { child, url: `http://127.0.0.1:${port}`, logs, exited };
}
