// What scripts outside vitest (benchmarks, tools) may use: nothing here needs a test runner.
export { createTemplateDatabase, createTestDatabase, dropDatabase, type TestDatabase } from './databases.ts';
export { freePort } from './free-port.ts';
export { type IdpProcess, type SpawnIdpOptions, spawnIdp, type TestIdp } from './idp-process.ts';
export { type LoopbackFront, proxyTo, startLoopbackFront } from './loopback-front.ts';
export { type CapturedEmail, emailsTo, waitForEmails } from './mailbox.ts';
export { type MailDevProcess, spawnMailDev } from './maildev-process.ts';
export { type RedisServer, spawnRedisServer } from './redis-server.ts';
export { type ExitStatus, type ServiceOptions, type ServiceProcess, spawnService } from './spawn-service.ts';
export {
  getClientCredentialsToken,
  LoginFlowError,
  loginWithAuthorizationCode,
  refreshAccessToken,
  type TokenSet,
} from './tokens.ts';
