import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAfricasTalkingGateway } from '../../src/index.ts';
import { type CapturedRequest, type CaptureServer, startCaptureServer } from '../support/capture-server.ts';

// The official SDK is CommonJS and hardcodes AT's hosts in module-level constants that its SMS
// class reads at send time; pointing them at our capture server (here, never in src/) lets us
// compare its request with ours byte for byte.
const require = createRequire(import.meta.url);
const africastalking = require('africastalking') as (options: { username: string; apiKey: string }) => {
  SMS: { send: (params: Record<string, unknown>) => Promise<unknown> };
};
const sdkCommon = require('africastalking/lib/common.js') as { SMS_URL: string };

const apiKey = 'atsk_contract_key';
const to = '+254712345678';
const message = 'Order SO-1001 confirmed: 2 x Unga 2kg, KES 340.00. Asante!';

let server: CaptureServer;
const originalSmsUrl = sdkCommon.SMS_URL;

beforeAll(async () => {
  server = await startCaptureServer();
});

afterAll(async () => {
  sdkCommon.SMS_URL = originalSmsUrl;
  await server.close();
});

async function captureBoth(options: {
  username: string;
  senderId?: string;
  enqueue: boolean;
}): Promise<{ sdk: CapturedRequest; ours: CapturedRequest }> {
  const client = africastalking({ username: options.username, apiKey });
  // Set after constructing: a "sandbox" username makes the constructor rewrite the constants.
  sdkCommon.SMS_URL = `${server.url}/version1/messaging`;
  await client.SMS.send({
    to,
    message,
    ...(options.senderId ? { from: options.senderId } : {}),
    ...(options.enqueue ? { enqueue: true } : {}),
  });
  const sdk = server.requests.at(-1) as CapturedRequest;

  const gateway = createAfricasTalkingGateway({
    baseUrl: server.url,
    username: options.username,
    apiKey,
    senderId: options.senderId,
    enqueue: options.enqueue,
    timeoutMs: 5_000,
  });
  const result = await gateway.send({ to, message });
  await gateway.close();
  expect(result.outcome).toBe('accepted');
  const ours = server.requests.at(-1) as CapturedRequest;
  expect(ours).not.toBe(sdk);
  return { sdk, ours };
}

function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function expectSameRequest(sdk: CapturedRequest, ours: CapturedRequest): void {
  expect(ours.method).toBe(sdk.method);
  expect(ours.path).toBe(sdk.path);
  expect(mediaType(ours.headers['content-type'])).toBe(mediaType(sdk.headers['content-type']));
  expect(mediaType(ours.headers['content-type'])).toBe('application/x-www-form-urlencoded');
  expect(ours.headers.apikey).toBe(sdk.headers.apikey);
  expect(ours.headers.accept).toBe(sdk.headers.accept);
  expect([...new URLSearchParams(ours.body)]).toEqual([...new URLSearchParams(sdk.body)]);
}

describe('the request matches the official africastalking SDK (0.8.3)', () => {
  it('with a sender id and enqueue', async () => {
    const { sdk, ours } = await captureBoth({ username: 'sokoni', senderId: 'SOKONI', enqueue: true });
    expectSameRequest(sdk, ours);
    expect(sdk.path).toBe('/version1/messaging');
    expect(sdk.headers.apikey).toBe(apiKey);
    expect(sdk.headers.accept).toBe('application/json');
    expect(Object.fromEntries(new URLSearchParams(ours.body))).toEqual({
      username: 'sokoni',
      to,
      message,
      from: 'SOKONI',
      bulkSMSMode: '1',
      enqueue: '1',
    });
  });

  it('without a sender id or enqueue, on the sandbox username', async () => {
    const { sdk, ours } = await captureBoth({ username: 'sandbox', enqueue: false });
    expectSameRequest(sdk, ours);
    const fields = new URLSearchParams(ours.body);
    expect(fields.has('from')).toBe(false);
    expect(fields.has('enqueue')).toBe(false);
    expect(fields.get('username')).toBe('sandbox');
  });
});
