import type { readDatabase } from './collect.ts';
import type { Disruption, LedgerOrder, RequestRecord } from './facts.ts';
import type { InvariantResult } from './invariant.ts';
import { checkNoServerErrors } from './no-server-errors.ts';
import { checkNotificationEnds } from './notification-ends.ts';
import { checkNotificationsOwed } from './notifications-owed.ts';
import { checkOrderHistory } from './order-history.ts';
import { checkOrdersExistOnce } from './orders-once.ts';
import { checkPostgresOutages } from './postgres-outage.ts';
import { checkRedisOutages } from './redis-outage.ts';
import { type CutSend, checkSmsOnce } from './sms-once.ts';

/** DESIGN.md: the API answers 2xx again within 10 s of PostgreSQL's return. */
const POSTGRES_RECOVERY_MS = 10_000;

/** Every invariant of the run, in the order of the table. */
export function evaluateRun(input: {
  ledger: LedgerOrder[];
  resends: string[];
  requests: RequestRecord[];
  disruptions: Disruption[];
  database: Awaited<ReturnType<typeof readDatabase>>;
  simulatorMessages: Parameters<typeof checkSmsOnce>[1];
  jobStates: Map<string, string | undefined>;
  /** How long before a worker's stop a send it made can have been cut by it (ms). */
  cutWindowMs: number;
}): { results: InvariantResult[]; cut: CutSend[] } {
  const { database } = input;
  const sms = database.notifications.filter((n) => n.channel === 'sms');
  const smsOnce = checkSmsOnce(sms, input.simulatorMessages, input.disruptions, input.cutWindowMs);
  const { cut, ...smsOnceRow } = smsOnce;
  return {
    results: [
      checkOrdersExistOnce(input.ledger, database.orders),
      checkOrderHistory(input.ledger, database.orders, database.events),
      checkNotificationsOwed(database.events, database.notifications, input.resends),
      checkNotificationEnds(sms, input.jobStates),
      smsOnceRow,
      checkPostgresOutages(input.requests, input.disruptions, {
        recoveryMs: POSTGRES_RECOVERY_MS,
        settleMs: 1000,
      }),
      checkRedisOutages(input.requests, input.disruptions, POSTGRES_RECOVERY_MS),
      checkNoServerErrors(input.requests),
    ],
    cut,
  };
}
