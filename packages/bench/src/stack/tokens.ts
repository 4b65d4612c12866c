import { API_SCOPES } from '@sokoni/contracts';

/** Every scope of the API: a staff token, so no request has to look its caller up in the database. */
const EVERY_SCOPE = API_SCOPES.join(' ');

/**
 * A real access token from the idp's token endpoint (client credentials of its development
 * machine client), as an integration would get one.
 */
export async function mintAccessToken(issuer: string): Promise<string> {
  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
  const { token_endpoint: tokenEndpoint } = (await discovery.json()) as { token_endpoint: string };
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('sokoni-dev:sokoni-dev-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: EVERY_SCOPE }).toString(),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`the idp gave no token: ${response.status} ${body.error_description ?? ''}`);
  }
  return body.access_token;
}
