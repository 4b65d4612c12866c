import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { buildSimulator, type SimulatorOptions } from '../src/app.ts';

const apiKey = 'at-sim-dev-key';
const username = 'sandbox';

export interface RunningSimulator {
  url: string;
  app: FastifyInstance;
  close: () => Promise<void>;
}

/** The simulator listening on a loopback port, as the worker would talk to it. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const app = await buildSimulator(options);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: address, app, close: () => app.close() };
}

export interface AtAnswer {
  status: number;
  contentType: string;
  /** The Retry-After header, if the answer had one. */
  retryAfter: string | undefined;
  text: string;
  json: () => {
    SMSMessageData: {
      Message: string;
      Recipients: { statusCode: number; number: string; cost: string; status: string; messageId: string }[];
    };
  };
}

/** `POST /version1/messaging` exactly as AT's SDK sends it. */
export async function sendSms(
  baseUrl: string,
  form: Record<string, string>,
  options: { apiKey?: string; signal?: AbortSignal } = {},
): Promise<AtAnswer> {
  const response = await request(`${baseUrl}/version1/messaging`, {
    method: 'POST',
    headers: {
      apiKey: options.apiKey ?? apiKey,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username, ...form }).toString(),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? ''),
    retryAfter: response.headers['retry-after']?.toString(),
    text,
    json: () => JSON.parse(text),
  };
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await request(url);
  return (await response.body.json()) as T;
}

export async function sendJson(
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<{ status: number; contentType: string; body: unknown }> {
  const response = await request(url, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? ''),
    body: text === '' ? null : JSON.parse(text),
  };
}

export interface CallbackReceiver {
  url: string;
  /** Form fields of each delivery report received, in arrival order. */
  reports: Record<string, string>[];
  /** Resolves once `count` reports have arrived. */
  waitFor: (count: number) => Promise<Record<string, string>[]>;
  /** Status codes for the next requests (then 200 again), to make the simulator retry. */
  failNext: (...statuses: number[]) => void;
  contentTypes: string[];
  close: () => Promise<void>;
}

/** A stand-in for our API's delivery-report webhook. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const reports: Record<string, string>[] = [];
  const contentTypes: string[] = [];
  const failures: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const failure = failures.shift();
      if (failure !== undefined) {
        res.writeHead(failure).end();
        return;
      }
      contentTypes.push(req.headers['content-type'] ?? '');
      reports.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      res.writeHead(200).end('ok');
      for (const waiter of waiters.filter((w) => reports.length >= w.count)) {
        waiter.resolve();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/delivery-reports/secret`,
    reports,
    contentTypes,
    waitFor: (count) =>
      new Promise((resolve) => {
        if (reports.length >= count) {
          resolve(reports);
          return;
        }
        waiters.push({ count, resolve: () => resolve(reports) });
      }),
    failNext: (...statuses) => {
      failures.push(...statuses);
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
