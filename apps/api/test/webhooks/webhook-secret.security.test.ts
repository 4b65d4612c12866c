import { createDb, deliveryReports } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

// The delivery-report webhook is public but for the secret in its URL. The secret is checked
// before anything of the request is read, so without it every request gets the same 404,
// whatever its body says: nothing tells a caller what a valid body looks like, or that it
// reached a route that would have taken it.
const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());

const base = '/v1/webhooks/africastalking/delivery-reports/';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

const bodies: Array<[string, Record<string, string>, string]> = [
  ['a valid report', form, 'id=ATXid_probe&status=Success'],
  ['a report without its id', form, 'status=Success'],
  ['a report with a NUL byte', form, 'id=ATXid_1%00&status=Success'],
  ['a report with an oversized field', form, `id=${'x'.repeat(300)}&status=Success`],
  ['a body over the form limit', form, `id=x&status=Success&pad=${'y'.repeat(20_000)}`],
  ['a JSON body', { 'content-type': 'application/json' }, '{"id":"ATXid_1","status":"Success"}'],
  ['a malformed JSON body', { 'content-type': 'application/json' }, '{"id":'],
  ['a text body', { 'content-type': 'text/plain' }, 'hello'],
  ['no body at all', {}, ''],
];

describe('a wrong secret', () => {
  it.each(
    bodies.flatMap(([name, headers, payload]) =>
      [
        'not-the-secret-at-all',
        `${api.config.AT_WEBHOOK_SECRET}x`,
        api.config.AT_WEBHOOK_SECRET.slice(1),
      ].map((secret) => ({ name, headers, payload, secret })),
    ),
  )('answers the same 404 to $name', async ({ headers, payload, secret }) => {
    const before = (await db.db.select().from(deliveryReports)).length;
    const response = await api.app.inject({ method: 'POST', url: `${base}${secret}`, headers, payload });
    expect(response.statusCode, response.body).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { instance: _instance, ...problem } = response.json<Record<string, unknown>>();
    expect(problem).toEqual({
      type: 'urn:sokoni:problem:not-found',
      title: expect.any(String),
      status: 404,
      detail: 'route POST /v1/webhooks/africastalking/delivery-reports/… does not exist',
    });
    expect(response.body).not.toContain(secret);
    expect((await db.db.select().from(deliveryReports)).length).toBe(before);
  });
});

describe('the right secret', () => {
  it('answers a plain 200 with no body to a report, matched or not', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: `${base}${api.config.AT_WEBHOOK_SECRET}`,
      headers: form,
      payload: 'id=ATXid_nobody&status=Success',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
  });

  it('still validates the body, once the secret is known good', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: `${base}${api.config.AT_WEBHOOK_SECRET}`,
      headers: form,
      payload: 'status=Success',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
