import { fileURLToPath } from 'node:url';
import { runChild } from './run-child.ts';

export interface HttpLoadSpec {
  baseUrl: string;
  method: 'GET' | 'POST';
  /** Paths used in turn, request after request. */
  paths: string[];
  headers?: Record<string, string>;
  /** Bodies used in turn (one entry: the same body every time). */
  bodies?: string[];
  /** A new Idempotency-Key header (a UUID) on every request. */
  freshIdempotencyKey?: boolean;
  connections: number;
  /** Either a duration or a number of requests. */
  durationS?: number;
  amount?: number;
  /** Requests per second across all connections; unset: as fast as answers come. */
  overallRate?: number;
}

export interface HttpLoadResult {
  /** 2xx answers per second. */
  rate: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  statusCodes: Record<string, number>;
  /** Latency of every answer, in ms. */
  latency: { mean: number; p50: number; p99: number; max: number };
  durationS: number;
}

const childScript = fileURLToPath(new URL('./http-load.child.ts', import.meta.url));

/** Runs autocannon in a process of its own (runChild). */
export function runHttpLoad(spec: HttpLoadSpec): Promise<HttpLoadResult> {
  return runChild(childScript, spec, 'the load generator');
}
