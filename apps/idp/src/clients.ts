import { API_SCOPES } from '@sokoni/contracts/scopes';
import type { ClientMetadata } from 'oidc-provider';
import { CUSTOMER_LOGIN_SCOPES, OPERATOR_LOGIN_SCOPES } from './scopes.ts';

/**
 * The development clients of DESIGN.md. Their secrets are public knowledge, which is why the
 * provider refuses to run with NODE_ENV=production.
 */
export const DEV_CLIENT_ID = 'sokoni-dev';
export const DEV_CLIENT_SECRET = 'sokoni-dev-secret';
export const OPERATOR_CLIENT_ID = 'sokoni-operator';
export const CUSTOMER_CLIENT_ID = 'sokoni-customer';
export const WEB_CLIENT_ID = 'sokoni-web';
export const WEB_CLIENT_SECRET = 'sokoni-web-secret';

/**
 * Redirect URIs of the interactive clients: the API's Swagger UI, and a loopback callback.
 * They are registered as native clients, so any port on 127.0.0.1 matches (RFC 8252 §7.3),
 * which lets command-line tools and tests listen wherever they like.
 */
export const SWAGGER_REDIRECT_URI = 'http://localhost:3000/docs/static/oauth2-redirect.html';
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/callback';
/**
 * The API's operator sign-in (Bull Board at /admin/queues) on its development address; being a
 * loopback URI of a native client, it also matches an API on another port of localhost.
 */
const ADMIN_REDIRECT_URI = 'http://localhost:3000/admin/callback';
/**
 * The web app's sign-in (apps/web) on its development address; as a loopback URI of a native
 * client it also matches a web app on another port (the browser tests run it on a free one).
 */
const WEB_REDIRECT_URI = 'http://localhost:3004/callback';

const interactive = {
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: [SWAGGER_REDIRECT_URI, LOOPBACK_REDIRECT_URI],
} satisfies Partial<ClientMetadata>;

export function developmentClients(): ClientMetadata[] {
  return [
    {
      client_id: DEV_CLIENT_ID,
      client_secret: DEV_CLIENT_SECRET,
      client_name: 'Sokoni development machine client',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: API_SCOPES.join(' '),
    },
    {
      ...interactive,
      client_id: OPERATOR_CLIENT_ID,
      client_name: 'Sokoni operator console',
      scope: OPERATOR_LOGIN_SCOPES.join(' '),
      redirect_uris: [...interactive.redirect_uris, ADMIN_REDIRECT_URI],
    },
    {
      // The web app (apps/web) is a backend for frontend: a confidential client whose server
      // signs people in (code + PKCE) and, with its own client credentials, creates the customer
      // record of a person's first sign-in. Customers and operators both sign in through it;
      // what a token gets is still narrowed to what the user may hold.
      client_id: WEB_CLIENT_ID,
      client_secret: WEB_CLIENT_SECRET,
      client_name: 'Sokoni web',
      application_type: 'native',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      redirect_uris: [WEB_REDIRECT_URI],
      scope: OPERATOR_LOGIN_SCOPES.join(' '),
    },
    {
      ...interactive,
      client_id: CUSTOMER_CLIENT_ID,
      client_name: 'Sokoni customer app',
      scope: CUSTOMER_LOGIN_SCOPES.join(' '),
    },
  ];
}
