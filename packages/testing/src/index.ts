export { onFileFinished } from './file-teardown.ts';
export {
  sharedIdp,
  startRedisServer,
  startService,
  type TestEnvironment,
  useTestEnvironment,
} from './fixtures.ts';
export { type StartIdpOptions, startIdp, type TestIdp } from './idp.ts';
export { countLockWaiters, type Queryable, waitForLockWaiters } from './lock-waits.ts';
export * from './standalone.ts';
