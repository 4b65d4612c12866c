import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildSimulator } from '../../src/app.ts';
import { getJson, sendSms } from '../helper.ts';

describe('the request log', () => {
  it('writes one line per request, naming the route and the status', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const sim = await buildSimulator({ logger: { stream } });
    const url = await sim.listen({ host: '127.0.0.1', port: 0 });
    try {
      await sendSms(url, { to: '+254712345678', message: 'hi' });
      await getJson(`${url}/messages?limit=1`);
    } finally {
      await sim.close();
    }
    const requests = lines.filter((line) => 'req' in line || 'res' in line);
    expect(requests).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'POST', url: '/version1/messaging' }),
        res: { statusCode: 201 },
        responseTime: expect.any(Number),
      }),
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/messages?limit=1' }),
        res: { statusCode: 200 },
      }),
    ]);
  });
});
