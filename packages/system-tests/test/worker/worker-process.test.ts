import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notifications } from '@sokoni/db';
import { inArray } from 'drizzle-orm';
import { request } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { simMessages } from '../support/simulator.ts';
import { startStack } from '../support/stack.ts';

const stack = await startStack();

/** A worker process, killed when the test ends should the test not have stopped it. */
async function startWorkerProcess(overrides: Record<string, string> = {}) {
  const worker = await stack.startWorker(overrides);
  onTestFinished(async () => {
    await worker.stop(0);
  });
  return worker;
}

async function bodyOf(incoming: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of incoming) {
    body += chunk;
  }
  return body;
}

/**
 * Stands between a worker and the simulator: each send reaches the simulator at once (Africa's
 * Talking has taken the message), but its answer is held until `release()`. A test then knows
 * every send is in progress from what it observes (the answers held), not from a delay it hopes
 * is long enough.
 */
async function startAnswerGate() {
  const held: (() => void)[] = [];
  let open = false;
  const server = createServer(async (incoming, outgoing) => {
    outgoing.on('error', () => {});
    const answer = await request(`${stack.simUrl}${incoming.url ?? '/'}`, {
      method: 'POST',
      headers: {
        apikey: String(incoming.headers.apikey ?? ''),
        accept: String(incoming.headers.accept ?? ''),
        'content-type': String(incoming.headers['content-type'] ?? ''),
      },
      body: await bodyOf(incoming),
    });
    const text = await answer.body.text();
    if (!open) {
      await new Promise<void>((resolve) => held.push(resolve));
    }
    outgoing.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? '') });
    outgoing.end(text);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const gate = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Answers held so far: sends the simulator took whose sender is still waiting. */
    held: () => held.length,
    release(): void {
      open = true;
      for (const answer of held.splice(0)) {
        answer();
      }
    },
  };
  onTestFinished(async () => {
    gate.release();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return gate;
}

/**
 * A worker sending through `gate`, with a gateway timeout far above any wait of the test, so a
 * held send stays in progress until the gate is opened.
 */
function throughGate(gate: { url: string }) {
  return {
    AT_BASE_URL: gate.url,
    AT_TIMEOUT_MS: '60000',
    JOB_TIMEOUT_MS: '61000',
    RELAY_REQUEUE_AFTER_MS: '120000',
  };
}

/** Waits until `count` sends are in progress: the simulator took them, their rows are `sending`. */
async function allInProgress(gate: { held: () => number }, ids: string[]) {
  await eventually(`all ${ids.length} sends to be in progress`, async () =>
    gate.held() === ids.length && (await statuses(ids)).every((s) => s === 'sending') ? true : undefined,
  );
}

/** Checks `expectation` every 100 ms for `windowMs`, then a last time: nothing more happens. */
async function holdsFor(windowMs: number, expectation: () => Promise<void>) {
  for (const end = Date.now() + windowMs; Date.now() < end; ) {
    await expectation();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await expectation();
}

/** Places one order per new customer; returns the customers' numbers and the notification ids. */
async function placeOrders(count: number) {
  const placed = await Promise.all(
    Array.from({ length: count }, async () => {
      const customer = await createCustomer(stack);
      const order = await createOrder(stack, customer.id);
      expect(order.status).toBe(201);
      return { phone: customer.e164, orderId: order.body.id };
    }),
  );
  const rows = await stack.db.db
    .select()
    .from(notifications)
    .where(
      inArray(
        notifications.orderId,
        placed.map((p) => p.orderId),
      ),
    );
  expect(rows).toHaveLength(count);
  return { phones: placed.map((p) => p.phone), ids: rows.map((r) => r.id) };
}

/** The status of each of `ids`; every id has its row, so a check over them cannot pass on none. */
async function statuses(ids: string[]) {
  expect(ids.length).toBeGreaterThan(0);
  const rows = await stack.db.db.select().from(notifications).where(inArray(notifications.id, ids));
  expect(rows).toHaveLength(ids.length);
  return rows.map((row) => row.status);
}

async function messagesPerPhone(phones: string[]) {
  const all = await simMessages(stack);
  return phones.map((phone) => all.filter((m) => m.to === phone).length);
}

describe('a worker process', () => {
  it('killed with SIGKILL mid-send: every SMS goes out after a restart, duplicates only for those mid-send', async () => {
    const gate = await startAnswerGate();
    const first = await startWorkerProcess(throughGate(gate));
    const { phones, ids } = await placeOrders(6);
    await allInProgress(gate, ids);
    const midSend = ids.length;

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    gate.release();

    const second = await startWorkerProcess();
    await eventually(
      'every SMS to be sent after the restart',
      async () => ((await statuses(ids)).every((s) => s === 'sent' || s === 'delivered') ? true : undefined),
      20_000,
    );
    const perPhone = await messagesPerPhone(phones);
    const duplicates = perPhone.reduce((sum, n) => sum + n - 1, 0);
    // Each SMS reached the gateway at least once; the only extra ones are those that were mid-send.
    expect(perPhone).toHaveLength(6);
    expect(perPhone.every((n) => n >= 1)).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(midSend);
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    // The worker counted every possible duplicate it caused: one per row it took over mid-send.
    expect(Number(/sokoni_sms_reclaimed_total (\d+)/.exec(metrics)?.[1])).toBe(duplicates);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('stopped with SIGTERM mid-send: finishes what it started, exits 0, loses and repeats nothing', async () => {
    const gate = await startAnswerGate();
    const worker = await startWorkerProcess(throughGate(gate));
    const { phones, ids } = await placeOrders(5);
    await allInProgress(gate, ids);

    worker.child.kill('SIGTERM');
    await eventually('the worker to start shutting down', async () =>
      worker.logs.some((entry) => entry.msg === 'shutting down') ? true : undefined,
    );
    gate.release();
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    expect(worker.logs.some((entry) => entry.msg === 'worker stopped' && entry.drained === true)).toBe(true);
    expect((await statuses(ids)).every((s) => s === 'sent' || s === 'delivered')).toBe(true);

    // A new worker finds nothing left to send for these.
    const next = await startWorkerProcess();
    await holdsFor(1000, async () => {
      expect(await messagesPerPhone(phones)).toEqual([1, 1, 1, 1, 1]);
    });
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });

  it('a second SIGTERM during the grace does not cut it short: it still drains and exits 0', async () => {
    const gate = await startAnswerGate();
    const worker = await startWorkerProcess(throughGate(gate));
    const { ids } = await placeOrders(3);
    await allInProgress(gate, ids);

    worker.child.kill('SIGTERM');
    await eventually('the worker to start shutting down', async () =>
      worker.logs.some((entry) => entry.msg === 'shutting down') ? true : undefined,
    );
    worker.child.kill('SIGTERM');
    await eventually('the worker to take the second signal', async () =>
      worker.logs.some((entry) => entry.msg === 'already shutting down; active sends keep their grace')
        ? true
        : undefined,
    );
    gate.release();
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.logs.some((entry) => entry.msg === 'worker stopped' && entry.drained === true)).toBe(true);
    expect((await statuses(ids)).every((s) => s === 'sent' || s === 'delivered')).toBe(true);
  });
});
