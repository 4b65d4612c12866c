export { createBatcher } from './batcher.ts';
export { settlesWithin, TimeoutError, withTimeout } from './bounded.ts';
export { OneLineRequestLog } from './one-line-request-log.ts';
export { outageWarningIntervalMs, throttled } from './throttled.ts';
