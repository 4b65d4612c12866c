import { notificationAttempts } from '@sokoni/db';
import { freePort, useTestEnvironment } from '@sokoni/testing';
import { asc, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, expect, it } from 'vitest';
import { startEmailWorker } from '../support/email-worker.ts';
import { createStaffEmailRows, staffAddress } from '../support/staff-email-rows.ts';

// A tiny SMTP server of this file's own, whose answers the tests choose: not listening at all
// (the first test), then refusing a message for now (451) or for good (550). The tests run in order.

type Answer = 'accept' | 451 | 550;
const answers: Answer[] = [];
const received: string[] = [];

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const answer = answers.shift() ?? 'accept';
    if (answer === 'accept') {
      received.push(address.address);
      callback();
      return;
    }
    callback(
      Object.assign(new Error(answer === 451 ? 'try again later' : 'no such mailbox'), {
        responseCode: answer,
      }),
    );
  },
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => callback());
  },
});
const port = await freePort();

/** Starts answering on `port`, for the rest of the file (nothing listens there before). */
async function listen() {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
}

const env = await useTestEnvironment();
// Retries far enough apart for a test to act between two of them.
const { producer, db } = await startEmailWorker(env, {
  smtpPort: port,
  settings: { SMS_ATTEMPTS: '8', SMS_BACKOFF_MS: '200' },
});
const { oweEmail, rowOf } = await createStaffEmailRows(db);

async function attemptsOf(id: string) {
  return db
    .select()
    .from(notificationAttempts)
    .where(eq(notificationAttempts.notificationId, id))
    .orderBy(asc(notificationAttempts.attempt));
}

it('keeps retrying while the server is down, and sends once it is back', async () => {
  const to = staffAddress();
  const id = await oweEmail(to);
  await producer.addSmsJobs([id]);

  // Connection refused: the try is recorded and the row waits for the next one.
  await expect.poll(async () => (await attemptsOf(id)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect((await rowOf(id)).status).not.toBe('failed');
  expect((await attemptsOf(id))[0]).toMatchObject({ outcome: 'transient', providerStatusCode: null });
  await listen();

  await expect.poll(async () => (await rowOf(id)).status, { timeout: 20_000 }).toBe('sent');
  expect(received.filter((address) => address === to)).toHaveLength(1);
  expect((await attemptsOf(id)).at(-1)?.outcome).toBe('accepted');
});

it('retries an e-mail the server refuses for now (451), then sends it once', async () => {
  const to = staffAddress();
  answers.push(451);
  const id = await oweEmail(to);
  await producer.addSmsJobs([id]);

  await expect.poll(async () => (await rowOf(id)).status, { timeout: 15_000 }).toBe('sent');
  expect(received.filter((address) => address === to)).toHaveLength(1);
  const attempts = await attemptsOf(id);
  expect(attempts.map((a) => [a.outcome, a.providerStatusCode])).toEqual([
    ['transient', 451],
    ['accepted', 250],
  ]);
  expect(attempts[0]?.error).toContain('try again later');
  expect(await rowOf(id)).toMatchObject({ attempts: 2, lastError: null });
});

it('fails an e-mail the server refuses for good (550) at once, with the reason', async () => {
  const to = staffAddress();
  answers.push(550);
  const id = await oweEmail(to);
  await producer.addSmsJobs([id]);

  await expect.poll(async () => (await rowOf(id)).status, { timeout: 15_000 }).toBe('failed');
  const row = await rowOf(id);
  expect(row).toMatchObject({ attempts: 1, providerStatusCode: 550 });
  expect(row.lastError).toContain('no such mailbox');
  expect(received).not.toContain(to);
});
