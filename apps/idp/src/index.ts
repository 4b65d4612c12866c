export {
  CUSTOMER_CLIENT_ID,
  DEV_CLIENT_ID,
  DEV_CLIENT_SECRET,
  developmentClients,
  LOOPBACK_REDIRECT_URI,
  OPERATOR_CLIENT_ID,
  SWAGGER_REDIRECT_URI,
  WEB_CLIENT_ID,
  WEB_CLIENT_SECRET,
} from './clients.ts';
export { type IdpConfig, idpConfigSchema, loadIdpConfig } from './config.ts';
export { type ListenIdpOptions, listenIdp, type RunningIdp } from './listen.ts';
export { ProductionRefusedError } from './production-guard.ts';
export { createIdp, type IdpOptions } from './provider.ts';
export { CUSTOMER_LOGIN_SCOPES, type GrantableScope, OIDC_SCOPES, OPERATOR_LOGIN_SCOPES } from './scopes.ts';
export { DEMO_USERS, type DemoUser } from './users.ts';
