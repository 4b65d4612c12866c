import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until the API answers /readyz (a database ping through its pool) at once: requests a run
 * left in flight, answered to no one, may still hold the pool, and the next run must not pay
 * for them. Gives up after `deadlineMs` and lets the run measure whatever state it is in.
 */
export async function waitUntilQuiet(apiUrl: string, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const response = await fetch(`${apiUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok && performance.now() - started < 100) {
        return;
      }
    } catch {
      // not answering yet
    }
    await sleep(250);
  }
}
