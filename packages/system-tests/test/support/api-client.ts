import { type ApiClient, createApiClient } from '@sokoni/api-client';
import type { Stack } from './stack.ts';

/**
 * The typed client of packages/api-client against the stack's API process, as the staff client
 * holding every scope: paths, bodies and answers checked against the OpenAPI document.
 */
export function staffClient(stack: Pick<Stack, 'apiUrl' | 'authorization'>): ApiClient {
  return createApiClient(stack.apiUrl, { token: stack.authorization.replace(/^Bearer /, '') });
}

/**
 * The data of a call that must succeed (with `status` when given: 201 for a creation); otherwise
 * throws with the API's answer.
 */
export async function expectData<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
  status?: number,
): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined || (status !== undefined && response.status !== status)) {
    throw new Error(`${response.url} answered ${response.status}: ${JSON.stringify(error)}`);
  }
  return data;
}
