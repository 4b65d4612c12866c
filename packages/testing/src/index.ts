export { onFileFinished } from './file-teardown.ts';
export {
  type IdpBehindFront,
  sharedIdp,
  startIdp,
  startIdpBehindFront,
  startRedisServer,
  startService,
  type TestEnvironment,
  useTestEnvironment,
} from './fixtures.ts';
export { countLockWaiters, type Queryable, waitForLockWaiters } from './lock-waits.ts';
export {
  identifyingLabelValues,
  type MetricSample,
  parseMetrics,
  type Scrape,
  scrapeMetrics,
} from './metrics-scrape.ts';
export * from './standalone.ts';
