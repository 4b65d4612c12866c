import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../generated/schema.d.ts';

export type { components, operations, paths } from '../generated/schema.d.ts';

export type ApiClient = Client<paths>;

/**
 * A client of the Sokoni API typed from its OpenAPI document: every path, parameter, body and
 * answer as the API declares them. `token` is an access token (sent as `Authorization: Bearer`),
 * or a function giving the current one, called for every request (a refreshed token is used at once).
 */
export function createApiClient(
  baseUrl: string,
  options: { token?: string | (() => string | Promise<string>); fetch?: typeof fetch } = {},
): ApiClient {
  const client = createClient<paths>({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { token } = options;
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
        return request;
      },
    });
  }
  return client;
}
