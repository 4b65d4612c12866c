import type { RequestRecord } from '../verify/facts.ts';

export interface ApiAnswer<T> {
  /** Null: no answer. */
  status: number | null;
  body: T | undefined;
  retryAfter: string | null;
}

/** Longest a client waits for one answer (ms): well past the API's own database timeouts. */
const requestTimeoutMs = 15_000;

/**
 * The API as its clients see it: each request is recorded (what, when, the status or that no
 * answer came, Retry-After) for the invariants, whatever happens to it.
 */
export function createApiClient(options: { baseUrl: string; token: () => string; records: RequestRecord[] }) {
  return async function call<T>(
    op: RequestRecord['op'],
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const startedAt = Date.now();
    const record: RequestRecord = { op, startedAt, endedAt: startedAt, status: null, retryAfter: null };
    try {
      const response = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const text = await response.text();
      record.status = response.status;
      record.retryAfter = response.headers.get('retry-after');
      return {
        status: response.status,
        body: text === '' ? undefined : (JSON.parse(text) as T),
        retryAfter: record.retryAfter,
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      record.error = cause?.code ?? (error as Error).name;
      return { status: null, body: undefined, retryAfter: null };
    } finally {
      record.endedAt = Date.now();
      options.records.push(record);
    }
  };
}

export type ApiCall = ReturnType<typeof createApiClient>;
