import { Writable } from 'node:stream';
import { onFileFinished } from '@sokoni/testing';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createTestApi } from '../helper.ts';

const api = await createTestApi();

it('writes no request log line for a scrape, as it does for other requests', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp(api.config, { logger: { level: 'info', stream } });
  onFileFinished(() => app.close());

  expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  const requestLines = lines
    .map((line) => JSON.parse(line))
    .filter((line) => line.msg === 'request completed');
  expect(requestLines.map((line) => line.req.url)).toEqual(['/healthz']);
});
