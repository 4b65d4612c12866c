import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLineRequestLog } from '../../src/index.ts';

function appLoggingTo(lines: Record<string, unknown>[]) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = Fastify({ logger: { stream }, logController: new OneLineRequestLog() });
  app.get('/hello', async () => ({ hello: 'world' }));
  return app;
}

describe('OneLineRequestLog', () => {
  it('writes one line per request, naming the route, the status and the time', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingTo(lines);
    await app.inject({ method: 'GET', url: '/hello?x=1' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.close();
    const requests = lines.filter((line) => 'req' in line || 'res' in line);
    expect(requests).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/hello?x=1' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/nowhere' }),
        res: { statusCode: 404 },
      }),
    ]);
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
  });
});
