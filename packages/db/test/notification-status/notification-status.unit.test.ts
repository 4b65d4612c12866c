import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/client.ts';
import {
  canMoveNotification,
  type NotificationMove,
  notificationMoves,
} from '../../src/notification-status.ts';
import { recordDeliveryReport } from '../../src/repositories/delivery-reports.repository.ts';
import { expireOverdueNotifications } from '../../src/repositories/notification-expiry.repository.ts';
import {
  claimNotificationForSend,
  claimNotificationsForSend,
  markNotificationFailed,
  markNotificationsSent,
  releaseNotification,
} from '../../src/repositories/notification-sending.repository.ts';
import { suppressNotificationsOverDailyCap } from '../../src/repositories/notification-suppression.repository.ts';
import { markNotificationsQueued } from '../../src/repositories/notifications.repository.ts';
import { customers } from '../../src/schema/customers.ts';
import {
  type NotificationStatus,
  notificationStatuses,
  notifications,
} from '../../src/schema/notifications.ts';

// Walks the state machine against real rows: every repository write, tried on a row in every
// status, makes exactly the moves the table allows from that status and changes nothing else.

const env = await useTestEnvironment();
const { db, close } = createDb({ url: env.databaseUrl, max: 2 });
afterAll(close);

const [customer] = await db
  .insert(customers)
  .values({ name: 'Zawadi Njeri', phone: '+254711000009' })
  .returning();

// One SMS sent to the customer an hour ago: with a daily cap of 1, every row below is over it.
await db.insert(notifications).values({
  customerId: customer?.id ?? '',
  trigger: 'order.created',
  recipient: '+254711000009',
  body: 'Sokoni: sent',
  status: 'delivered',
  idempotencyKey: `test:${randomUUID()}`,
  sentAt: new Date(Date.now() - 3_600_000),
});

/** A row in `status`, untouched for an hour (so a `sending` one counts as left by a dead worker). */
async function rowIn(status: NotificationStatus) {
  const id = randomUUID();
  const hourAgo = new Date(Date.now() - 3_600_000);
  const [row] = await db
    .insert(notifications)
    .values({
      id,
      customerId: customer?.id ?? '',
      trigger: 'resend',
      recipient: '+254711000009',
      body: 'Sokoni: a test',
      status,
      idempotencyKey: `test:${id}`,
      providerMessageId: `ATXid_${id}`,
      createdAt: hourAgo,
      updatedAt: hourAgo,
    })
    .returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}

async function reread(id: string) {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

const failure = { error: 'a test failure', providerStatusCode: 500 };
const day = 24 * 3_600_000;

/** Each repository write of notifications.status, the moves it makes, and the target it gives each. */
const writes: {
  name: string;
  moves: { move: NotificationMove; to: NotificationStatus }[];
  run: (row: { id: string; providerMessageId: string | null }) => Promise<unknown>;
}[] = [
  {
    name: 'markNotificationsQueued',
    moves: [{ move: 'enqueued', to: 'queued' }],
    run: (row) => markNotificationsQueued(db, [row.id]),
  },
  {
    name: 'claimNotificationsForSend',
    moves: [{ move: 'claimed', to: 'sending' }],
    run: (row) => claimNotificationsForSend(db, [row.id], day),
  },
  {
    name: 'claimNotificationsForSend (a row past its maximum age)',
    moves: [],
    run: (row) => claimNotificationsForSend(db, [row.id], 60_000),
  },
  {
    name: 'claimNotificationForSend (a stale row)',
    moves: [
      { move: 'claimed', to: 'sending' },
      { move: 'retaken', to: 'sending' },
    ],
    run: (row) => claimNotificationForSend(db, row.id, { staleSendingMs: 60_000, maxAgeMs: day }),
  },
  {
    name: 'claimNotificationForSend (a row touched within the stale period)',
    moves: [{ move: 'claimed', to: 'sending' }],
    run: (row) => claimNotificationForSend(db, row.id, { staleSendingMs: day, maxAgeMs: day }),
  },
  {
    name: 'claimNotificationForSend (a row past its maximum age)',
    moves: [
      { move: 'expired', to: 'expired' },
      { move: 'retaken', to: 'sending' },
    ],
    run: (row) => claimNotificationForSend(db, row.id, { staleSendingMs: 60_000, maxAgeMs: 60_000 }),
  },
  {
    name: 'expireOverdueNotifications',
    moves: [{ move: 'expired', to: 'expired' }],
    run: () => expireOverdueNotifications(db, { maxAgeMs: 60_000, limit: 1000 }),
  },
  {
    name: 'suppressNotificationsOverDailyCap',
    moves: [{ move: 'suppressed', to: 'suppressed' }],
    run: (row) => suppressNotificationsOverDailyCap(db, { ids: [row.id], cap: 1, exemptTriggers: [] }),
  },
  {
    name: 'markNotificationsSent',
    moves: [{ move: 'accepted', to: 'sent' }],
    run: (row) =>
      markNotificationsSent(db, [
        {
          notificationId: row.id,
          providerMessageId: row.providerMessageId,
          providerStatusCode: 101,
          cost: 'KES 0.8000',
          attempt: 1,
          httpStatus: 201,
          startedAt: new Date(),
        },
      ]),
  },
  {
    name: 'releaseNotification',
    moves: [{ move: 'released', to: 'queued' }],
    run: (row) => releaseNotification(db, row.id, failure),
  },
  {
    name: 'markNotificationFailed',
    moves: [{ move: 'failed', to: 'failed' }],
    run: (row) => markNotificationFailed(db, row.id, failure),
  },
  ...(
    [
      ['Success', 'delivered'],
      ['Failed', 'failed'],
      ['Rejected', 'rejected'],
    ] as const
  ).map(([report, to]) => ({
    name: `recordDeliveryReport (${report})`,
    moves: [{ move: 'reported' as const, to }],
    run: (row: { providerMessageId: string | null }) =>
      recordDeliveryReport(db, {
        providerMessageId: row.providerMessageId ?? '',
        status: report,
        failureReason: null,
        networkCode: null,
        retryCount: null,
        raw: {},
      }),
  })),
];

describe.each(writes)('$name', (write) => {
  it.each([...notificationStatuses])('from %s', async (status) => {
    const before = await rowIn(status);
    await write.run(before);
    const after = await reread(before.id);
    const allowed = write.moves.find(({ move }) =>
      (notificationMoves[move].from as readonly NotificationStatus[]).includes(status),
    );
    if (allowed) {
      expect((notificationMoves[allowed.move].to as readonly NotificationStatus[]).includes(allowed.to)).toBe(
        true,
      );
      expect(after?.status).toBe(allowed.to);
    } else {
      expect(after).toEqual(before);
    }
  });
});

it('walks every move of the table: each one, to each of its targets, has a write above', () => {
  const walked = new Set(writes.flatMap((write) => write.moves.map(({ move, to }) => `${move} → ${to}`)));
  const moves = Object.entries(notificationMoves).flatMap(([move, { to }]) =>
    to.map((target) => `${move} → ${target}`),
  );
  expect([...walked].sort()).toEqual(moves.sort());
});

it('answers canMoveNotification from the same table', () => {
  const table = new Set(
    Object.values(notificationMoves).flatMap((move) =>
      move.from.flatMap((from) => move.to.map((to) => `${from} → ${to}`)),
    ),
  );
  for (const from of notificationStatuses) {
    for (const to of notificationStatuses) {
      expect(canMoveNotification(from, to), `${from} → ${to}`).toBe(table.has(`${from} → ${to}`));
    }
  }
});
