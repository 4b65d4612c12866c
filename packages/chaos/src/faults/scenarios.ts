import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosStack } from '../stack/apps.ts';
import type { ManagedApp } from '../stack/managed-app.ts';
import type { ServerControl } from '../stack/servers.ts';
import { addSimulatorFaults, clearSimulatorFaults } from './simulator-faults.ts';
import type { Timeline } from './timeline.ts';

export interface FaultContext {
  servers: ServerControl;
  stack: ChaosStack;
  timeline: Timeline;
  /** A line on stderr saying what happens now. */
  progress: (message: string) => void;
}

/** Redis stopped (SHUTDOWN keeps its data) for `ms`, then started again. */
export async function redisOutage(context: FaultContext, ms: number): Promise<void> {
  context.progress(`Redis stopped for ${ms / 1000} s`);
  const over = context.timeline.begin('redis-down', `Redis stopped ${ms / 1000} s`);
  await context.servers.stopRedis();
  await sleep(ms);
  await context.servers.startRedis();
  over();
}

/** Every key of Redis gone at once: queued jobs, delayed retries, locks. */
export async function redisFlush(context: FaultContext): Promise<void> {
  context.progress('Redis emptied (FLUSHALL)');
  context.timeline.mark('redis-flushed', 'Redis emptied');
  await context.servers.flushRedis();
}

/** PostgreSQL stopped (fast: connections cut) for `ms`, then started again. */
export async function postgresOutage(context: FaultContext, ms: number): Promise<void> {
  context.progress(`PostgreSQL stopped for ${ms / 1000} s`);
  const over = context.timeline.begin('postgres-down', `PostgreSQL stopped ${ms / 1000} s`);
  await context.servers.stopPostgres();
  await sleep(ms);
  await context.servers.startPostgres();
  over();
}

/** The API stopped with `signal` mid-load and started again on its port. */
export async function apiRestart(context: FaultContext, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  context.progress(`API restarted (${signal})`);
  const over = context.timeline.begin('api-down', `API ${signal}`);
  await startAgain(context.stack.api, () => context.stack.api.restart(signal, 500));
  over();
}

/** Starts an app, trying again while it cannot start (its servers may be down at the time). */
async function startAgain(app: ManagedApp, start: () => Promise<void> = app.start): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await start();
      return;
    } catch (error) {
      if (attempt === 30) {
        throw error;
      }
      await sleep(1000);
      start = app.start;
    }
  }
}

/**
 * For `ms`, a worker stopped every second or two, by SIGKILL and SIGTERM in turn and each worker
 * in turn; each starts again in the background while the next one is stopped, so the loop does
 * not wait on a slow boot.
 */
export async function workerKills(context: FaultContext, ms: number): Promise<void> {
  context.progress(`workers killed in a loop for ${ms / 1000} s (SIGKILL and SIGTERM)`);
  const { workers } = context.stack;
  const starting = new Map<ManagedApp, Promise<void>>();
  const until = Date.now() + ms;
  for (let round = 0; Date.now() < until; round += 1) {
    const worker = workers[round % workers.length];
    if (worker === undefined) {
      return;
    }
    await starting.get(worker);
    const signal = Math.floor(round / workers.length) % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
    const over = context.timeline.begin('worker-stopped', `${worker.name} ${signal}`);
    await worker.stop(signal);
    over();
    const start = sleep(300 + Math.random() * 700).then(() => startAgain(worker));
    // Its failure is thrown where it is awaited (before the next stop, or at the end).
    start.catch(() => {});
    starting.set(worker, start);
    await sleep(500 + Math.random() * 1000);
  }
  await Promise.all(starting.values());
}

/** The simulator misbehaves on a share of the sends for `ms` (simulator-faults.ts). */
export async function simulatorFaults(context: FaultContext, ms: number): Promise<void> {
  context.progress(`simulator faults on for ${ms / 1000} s`);
  const over = context.timeline.begin('simulator-faults', 'simulator faults');
  await addSimulatorFaults(context.stack.simulator.url);
  await sleep(ms);
  await clearSimulatorFaults(context.stack.simulator.url);
  over();
}
