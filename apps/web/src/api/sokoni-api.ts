import { type ApiClient, createApiClient } from '@sokoni/api-client';

/**
 * The one place the web app reaches the Sokoni API (server to server, with the session's bearer
 * token), through the client typed from the API's OpenAPI document (packages/api-client): every
 * path, parameter, body and answer is checked against what the API declares. Pages get either
 * the data or the API's problem detail (RFC 9457), which they show as it is: the API's own words
 * about a refused phone number or short stock.
 */

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field?: string; message: string }[];
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: Problem };

/** The API did not answer (down, too slow): the page says so, the session stays. */
export class ApiUnavailableError extends Error {
  constructor(options: { cause?: unknown } = {}) {
    super('the Sokoni API cannot be reached; try again shortly', options);
    this.name = 'ApiUnavailableError';
  }
}

export interface SokoniApi {
  /** The API as the holder of `token` (a signed-in person, or the web app's own client) sees it. */
  as(token: string): ApiClient;
}

export function createSokoniApi(options: { baseUrl: string; timeoutMs: number }): SokoniApi {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  // Every call bounded: a page waits at most this long for the API, answer body included.
  const boundedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  return {
    as: (token) => createApiClient(baseUrl, { token, fetch: boundedFetch }),
  };
}

/**
 * A typed call's answer as the pages read it: the data, or the API's problem detail. A call that
 * got no answer (refused connection, timeout, a body that is not JSON) throws ApiUnavailableError.
 */
export async function settle<D>(
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<ApiResult<D>> {
  let answer: Awaited<typeof call>;
  try {
    answer = await call;
  } catch (error) {
    throw new ApiUnavailableError({ cause: error });
  }
  const { response } = answer;
  if (response.ok) {
    return { ok: true, status: response.status, data: answer.data as D };
  }
  const problem = (
    typeof answer.error === 'object' && answer.error !== null ? answer.error : {}
  ) as Partial<Problem>;
  return {
    ok: false,
    status: response.status,
    problem: { ...problem, title: problem.title ?? response.statusText, status: response.status },
  };
}
