export { createBatcher } from './batcher.ts';
export { settlesWithin, TimeoutError, withTimeout } from './bounded.ts';
export { outageWarningIntervalMs, throttled } from './throttled.ts';
