/**
 * Wraps `report` so that it runs at most once per `intervalMs`; calls in between are dropped.
 * For warnings about an outage (Redis or PostgreSQL down) that would otherwise be written on
 * every retry, many times a second.
 */
export function throttled<Args extends unknown[]>(
  intervalMs: number,
  report: (...args: Args) => void,
  now: () => number = Date.now,
): (...args: Args) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (...args) => {
    const time = now();
    if (time - last < intervalMs) {
      return;
    }
    last = time;
    report(...args);
  };
}

/** How often an outage warning is repeated while the outage lasts (ms). */
export const outageWarningIntervalMs = 10_000;
