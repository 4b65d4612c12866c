import { notificationAttempts } from '@sokoni/db';
import { useTestEnvironment, waitForEmails } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { expect, inject, it } from 'vitest';
import { startEmailWorker } from '../support/email-worker.ts';
import { createStaffEmailRows, staffAddress, staffEmailBody } from '../support/staff-email-rows.ts';

const env = await useTestEnvironment();
const mailDevUrl = inject('mailDevUrl');
const { producer, db } = await startEmailWorker(env, { smtpPort: inject('smtpPort') });
const { oweEmail, rowOf } = await createStaffEmailRows(db);

async function untilSent(id: string) {
  await expect.poll(async () => (await rowOf(id)).status, { timeout: 15_000 }).toBe('sent');
  return rowOf(id);
}

it('sends an owed staff e-mail through SMTP, in plain text and HTML, and marks it sent for good', async () => {
  const to = staffAddress();
  const body = staffEmailBody();
  const id = await oweEmail(to, body);
  await producer.addSmsJobs([id]);

  const [email] = await waitForEmails(mailDevUrl, to);
  expect(email?.subject).toBe('New order ORD-004211 at Duka la Mama');
  expect(email?.from).toEqual([{ address: 'orders@shop.test', name: 'Duka la Mama' }]);
  const text = email?.text ?? '';
  expect(text).toContain('New order ORD-004211');
  expect(text).toContain('- 2 x Unga 2kg @ KES 190.00 = KES 380.00');
  expect(text).toContain('- 3 x Cooking oil 1L & more @ KES 440.00 = KES 1320.00');
  expect(text).toContain('Total: KES 1700.00');
  expect(text).toContain('Customer code: CUST-0042');
  expect(text).toContain('Phone: +254712345678');
  expect(text).toContain('Notes: Deliver after 5 pm');
  expect(text).toContain(`Open the order: ${body.order.url}`);
  const html = email?.html ?? '';
  expect(html).toContain(`<a href="${body.order.url}">Open the order</a>`);
  expect(html).toContain(
    '<td style="padding:4px 8px;border-bottom:1px solid #ddd">Cooking oil 1L &amp; more</td>',
  );
  expect(html).toContain('KES 1700.00');

  const row = await untilSent(id);
  expect(row).toMatchObject({ attempts: 1, providerStatusCode: 250, lastError: null });
  expect(row.providerMessageId).toMatch(/@/);
  const attempts = await db
    .select()
    .from(notificationAttempts)
    .where(eq(notificationAttempts.notificationId, id));
  expect(attempts.map((a) => a.outcome)).toEqual(['accepted']);
});

it('escapes what the customer wrote: a name with <script> arrives as text in the HTML', async () => {
  const to = staffAddress();
  const id = await oweEmail(to);
  await producer.addSmsJobs([id]);

  const [email] = await waitForEmails(mailDevUrl, to);
  expect(email?.html).toContain('<strong>Amina &lt;script&gt;alert(1)&lt;/script&gt;</strong>');
  expect(email?.html).not.toContain('<script>');
  expect(email?.text).toContain('Customer: Amina <script>alert(1)</script>');
});

it('writes the e-mail in Swahili when the shop chose sw, and a free-text order as its one line', async () => {
  const to = staffAddress();
  const base = staffEmailBody();
  const id = await oweEmail(
    to,
    staffEmailBody({
      locale: 'sw',
      order: {
        ...base.order,
        notes: null,
        lines: [{ name: 'Sukuma wiki', quantity: 4, unitPrice: null, lineTotal: '120.00' }],
        amount: '120.00',
      },
    }),
  );
  await producer.addSmsJobs([id]);

  const [email] = await waitForEmails(mailDevUrl, to);
  expect(email?.subject).toBe('Oda mpya ORD-004211 - Duka la Mama');
  expect(email?.text).toContain('Mteja: Amina');
  expect(email?.text).toContain('- 4 x Sukuma wiki = KES 120.00');
  expect(email?.text).toContain('Jumla: KES 120.00');
  expect(email?.text).not.toContain('Maelezo');
  expect(email?.html).toContain('<html lang="sw">');
  expect(email?.html).toContain('Fungua oda</a>');
  await untilSent(id);
});

it('sends one e-mail however many jobs name the row: a sent row is never sent again', async () => {
  const to = staffAddress();
  const id = await oweEmail(to);
  await producer.addSmsJobs([id]);
  await untilSent(id);
  // A late duplicate (the relay's, a retried add) under another job id finds the row sent.
  await producer.queue.add('send-sms', { version: 1, notificationId: id }, { jobId: `sms-${id}-again` });
  await expect
    .poll(async () => (await producer.queue.getJob(`sms-${id}-again`))?.finishedOn, { timeout: 10_000 })
    .toBeDefined();

  expect(await waitForEmails(mailDevUrl, to)).toHaveLength(1);
  expect((await rowOf(id)).attempts).toBe(1);
});
