/**
 * The one place the web app calls the Sokoni API (server to server, with the session's bearer
 * token). Pages get either the data or the API's problem detail (RFC 9457), which they show as
 * it is: the API's own words about a refused phone number or short stock.
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

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  idempotencyKey?: string;
}

export function createSokoniApi(options: { baseUrl: string; timeoutMs: number }) {
  const base = options.baseUrl.replace(/\/$/, '');

  async function request<T>(
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    init: RequestOptions = {},
  ): Promise<ApiResult<T>> {
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined && value !== '') {
        url.searchParams.set(name, String(value));
      }
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (init.idempotencyKey) {
      headers['idempotency-key'] = init.idempotencyKey;
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new ApiUnavailableError({ cause: error });
    }
    if (response.status === 204) {
      return { ok: true, status: 204, data: undefined as T };
    }
    const text = await response.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    if (response.ok) {
      return { ok: true, status: response.status, data: body as T };
    }
    const problem = (body ?? {}) as Partial<Problem>;
    return {
      ok: false,
      status: response.status,
      problem: { ...problem, title: problem.title ?? response.statusText, status: response.status },
    };
  }

  return {
    get: <T>(token: string, path: string, query?: RequestOptions['query']) =>
      request<T>(token, 'GET', path, query ? { query } : {}),
    post: <T>(token: string, path: string, body: unknown, extra: Omit<RequestOptions, 'body'> = {}) =>
      request<T>(token, 'POST', path, { ...extra, body }),
    patch: <T>(token: string, path: string, body: unknown) => request<T>(token, 'PATCH', path, { body }),
    delete: (token: string, path: string) => request<undefined>(token, 'DELETE', path),
  };
}

export type SokoniApi = ReturnType<typeof createSokoniApi>;
