export { createBatcher } from './batcher.ts';
export { settlesWithin, TimeoutError, withTimeout } from './bounded.ts';
export { logOptions, terminalTransport } from './log-options.ts';
export { loggableUrl } from './loggable-url.ts';
export { maskPhoneNumber, maskPhoneNumbers } from './mask-phone-number.ts';
export { codeNameLabel, knownLabel, otherLabel, statusClassLabel } from './metric-labels.ts';
export { OneLineRequestLog } from './one-line-request-log.ts';
export { serializeError } from './serialize-error.ts';
export { outageWarningIntervalMs, throttled } from './throttled.ts';
