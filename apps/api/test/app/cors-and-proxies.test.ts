import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { trustProxyOption } from '../../src/lib/trust-proxy.ts';
import { createTestApi } from '../helper.ts';

const shop = 'https://shop.example.com';

function preflight(api: Awaited<ReturnType<typeof createTestApi>>, origin: string) {
  return api.app.inject({
    method: 'OPTIONS',
    url: '/v1/orders',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });
}

describe('CORS', () => {
  it('allows no origin by default', async () => {
    const api = await createTestApi();
    const answer = await preflight(api, shop);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const read = await api.inject({ method: 'GET', url: '/v1/orders', headers: { origin: shop } });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the origins of CORS_ORIGINS, and only them', async () => {
    const api = await createTestApi({ CORS_ORIGINS: `${shop}, https://admin.example.com` });
    const allowed = await preflight(api, shop);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(shop);
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('authorization');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('idempotency-key');
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const read = await api.inject({ method: 'GET', url: '/v1/orders', headers: { origin: shop } });
    expect(read.headers['access-control-allow-origin']).toBe(shop);
    expect(String(read.headers['access-control-expose-headers'])).toContain('location');

    for (const stranger of ['https://evil.example.com', 'https://shop.example.com.evil.test', 'null']) {
      const refused = await preflight(api, stranger);
      expect(refused.headers['access-control-allow-origin'], stranger).toBeUndefined();
    }
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['0', false],
    ['10.0.0.0/8, 192.168.1.1', ['10.0.0.0/8', '192.168.1.1']],
  ])('reads %s', (value, expected) => {
    expect(trustProxyOption(value)).toEqual(expected);
  });

  /** The address the API sees for a request from `peer` saying it forwards for `chain`. */
  async function clientAddress(trustProxy: string | undefined, peer: string, chain: string) {
    const api = await createTestApi(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
    const app = await buildApp(api.config);
    app.get('/whoami', async (request) => ({ ip: request.ip }));
    const response = await app.inject({
      method: 'GET',
      url: '/whoami',
      remoteAddress: peer,
      headers: { 'x-forwarded-for': chain },
    });
    await app.close();
    return response.json<{ ip: string }>().ip;
  }

  it('believes no X-Forwarded-For by default', async () => {
    expect(await clientAddress(undefined, '10.1.2.3', '203.0.113.7')).toBe('10.1.2.3');
  });

  it('believes as many hops as it is told', async () => {
    expect(await clientAddress('1', '10.1.2.3', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await clientAddress('2', '10.1.2.3', '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });

  it('believes only the proxies of its list', async () => {
    expect(await clientAddress('10.0.0.0/8', '10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    expect(await clientAddress('10.0.0.0/8', '172.16.0.9', '203.0.113.7')).toBe('172.16.0.9');
  });

  it('refuses a value that is neither', async () => {
    await expect(createTestApi({ TRUST_PROXY: 'true' })).rejects.toThrow(/TRUST_PROXY/);
    await expect(createTestApi({ TRUST_PROXY: 'proxy.example.com' })).rejects.toThrow(/TRUST_PROXY/);
  });
});
