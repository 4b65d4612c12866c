import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helper.ts';
import { seedCustomer, seedFailedSms } from '../support/shop-data.ts';
import { browserOf, inputValue, startWebWithApi } from '../support/web-with-api.ts';

// The operator console against the API: failed notifications listed and filtered, the live
// counters from the API's summary, one notification with its attempts, and resending one or all
// that match, each after a confirmation, as new notifications linked to the originals.

let context: Awaited<ReturnType<typeof startWebWithApi>>;
let operator: ReturnType<typeof browserOf>;
let failedSms: Awaited<ReturnType<typeof seedFailedSms>>;
let failedEmail: Awaited<ReturnType<typeof seedFailedSms>>;

beforeAll(async () => {
  context = await startWebWithApi();
  const zawadi = await seedCustomer(context.api.db, { name: 'Zawadi Mwangi', phone: '+254744000333' });
  failedSms = await seedFailedSms(context.api.db, { customerId: zawadi.id, recipient: zawadi.phone });
  failedEmail = await seedFailedSms(context.api.db, {
    customerId: zawadi.id,
    recipient: 'zawadi@example.com',
    channel: 'email',
  });
  // One still queued: the counters count it, the failed list does not show it.
  const queued = await seedFailedSms(context.api.db, { customerId: zawadi.id, recipient: zawadi.phone });
  await context.api.db.pool.query(
    `update notifications set status = 'queued', last_error = null where id = $1`,
    [queued.id],
  );
  operator = browserOf(context.web, await signIn(context.web, 'operator', '/console/login'));
});

const rowIds = (html: string) =>
  [...html.matchAll(/<a href="\/console\/notifications\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
const counter = (html: string, label: string) =>
  new RegExp(`<span class="value">([^<]*)</span> <span class="label">${label}</span>`).exec(html)?.[1];

describe('the console', () => {
  it('lists the failed notifications with their last error, and the counters of the API’s summary', async () => {
    const response = await operator.get('/console');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(new Set(rowIds(html))).toEqual(new Set([failedSms.id, failedEmail.id]));
    expect(html).toContain('2 failed notification(s), newest first');
    expect(html).toContain('<td class="error-text">InvalidPhoneNumber</td>');
    expect(html).toContain(`name="ids" value="${failedSms.id}"`);
    expect(counter(html, 'Queued')).toBe('1');
    expect(counter(html, 'Sending')).toBe('0');
    expect(counter(html, 'Failed in the last hour')).toBe('2');
    expect(counter(html, 'Outbox lag')).toMatch(/^\d+ s$/);

    const fragment = await (await operator.get('/console/counters')).text();
    expect(fragment).toMatch(/^<section id="counters"/);
    expect(counter(fragment, 'Failed in the last hour')).toBe('2');
  });

  it('filters by channel, status and customer', async () => {
    const sms = await (await operator.get('/console?status=failed&channel=sms')).text();
    expect(rowIds(sms)).toEqual([failedSms.id]);
    expect(sms).toContain('<option value="sms" selected>');

    const queued = await (await operator.get('/console?status=queued')).text();
    expect(rowIds(queued)).toHaveLength(1);
    expect(queued).not.toContain(failedSms.id);
    // Only failed, rejected and expired ones can be resent.
    expect(queued).not.toContain('name="ids"');

    const delivered = await (await operator.get('/console?status=delivered')).text();
    expect(delivered).toContain('No delivered notification matches.');

    const byName = await (await operator.get('/console?customer=Zawadi')).text();
    expect(new Set(rowIds(byName))).toEqual(new Set([failedSms.id, failedEmail.id]));
    const nobody = await (await operator.get('/console?customer=Nobody%20Here')).text();
    expect(nobody).toContain('No customer matches “Nobody Here”.');
    expect(rowIds(nobody)).toEqual([]);
    // An unknown status falls back to failed; dates outside the rows' creation find none.
    const past = await (await operator.get('/console?status=bogus&from=2000-01-01&to=2000-01-02')).text();
    expect(past).toContain('<option value="failed" selected>');
    expect(rowIds(past)).toEqual([]);
  });

  it('shows one notification with its send attempts, and 404 for an unknown one', async () => {
    const response = await operator.get(`/console/notifications/${failedSms.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<h1>Notification ${failedSms.id.slice(0, 8)}</h1>`);
    expect(html).toContain('<dd>+254744000333</dd>');
    expect(html).toMatch(
      /<tr><td>1<\/td><td>permanent<\/td><td>200<\/td><td>403<\/td><td class="error-text">InvalidPhoneNumber<\/td>/,
    );
    expect(html).toContain(`href="/console/notifications/${failedSms.id}/resend"`);

    const unknown = await operator.get('/console/notifications/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('There is no such notification.');
    expect((await operator.get('/console/notifications/not-an-id/resend')).status).toBe(404);
  });
});

describe('resending', () => {
  it('asks first, then creates a new notification linked to the original and shows it', async () => {
    const confirm = await operator.get(`/console/notifications/${failedSms.id}/resend`);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('<h1>Resend this message?</h1>');
    expect(page).toContain('To <strong>+254744000333</strong>');
    expect(page).toContain('Yes, resend 1');

    const resent = await operator.post('/console/resend', {
      confirm: '1',
      idempotencyKey: inputValue(page, 'idempotencyKey'),
      ids: [failedSms.id],
    });
    expect(resent.status).toBe(303);
    const newId = /^\/console\/notifications\/([0-9a-f-]{36})\?resent=1$/.exec(
      String(resent.headers.get('location')),
    )?.[1];
    expect(newId).toBeDefined();
    const { rows } = await context.api.db.pool.query<{
      resend_of: string;
      trigger: string;
      recipient: string;
    }>('select resend_of, trigger, recipient from notifications where id = $1', [newId]);
    expect(rows).toEqual([{ resend_of: failedSms.id, trigger: 'resend', recipient: '+254744000333' }]);
    const shown = await (await operator.get(`/console/notifications/${newId}?resent=1`)).text();
    expect(shown).toContain(`<dt>Resend of</dt><dd><a href="/console/notifications/${failedSms.id}">`);
  });

  it('resends all that match a filter after counting them with a dry run', async () => {
    const count = await operator.post('/console/resend', { status: 'failed', channel: 'email' });
    expect(count.status).toBe(200);
    const page = await count.text();
    expect(page).toContain('<h1>Resend 1 message?</h1>');
    expect(page).toContain('<input type="hidden" name="channel" value="email">');
    // The dry run resent nothing.
    const linked = () =>
      context.api.db.pool.query<{ id: string }>('select id from notifications where resend_of = $1', [
        failedEmail.id,
      ]);
    expect((await linked()).rowCount).toBe(0);

    const done = await operator.post('/console/resend', {
      confirm: '1',
      idempotencyKey: inputValue(page, 'idempotencyKey'),
      status: 'failed',
      channel: 'email',
    });
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain('<h1>Resent 1</h1>');
    const { rows } = await linked();
    expect(rows).toHaveLength(1);
    expect(html).toContain(`href="/console/notifications/${rows[0]?.id}"`);
  });

  it('asks before resending a selection of several', async () => {
    const page = await (
      await operator.post('/console/resend', { ids: [failedSms.id, failedEmail.id, 'not-an-id'] })
    ).text();
    expect(page).toContain('<h1>Resend 2 messages?</h1>');
    expect(page).toContain(`<input type="hidden" name="ids" value="${failedEmail.id}">`);
    expect(page).not.toContain('not-an-id');
  });
});
