export { createTemplateDatabase, createTestDatabase, type TestDatabase } from './databases.ts';
export { useTestEnvironment } from './fixtures.ts';
export { type StartIdpOptions, startIdp, type TestIdp } from './idp.ts';
export {
  getClientCredentialsToken,
  LoginFlowError,
  loginWithAuthorizationCode,
  refreshAccessToken,
  type TokenSet,
} from './tokens.ts';
