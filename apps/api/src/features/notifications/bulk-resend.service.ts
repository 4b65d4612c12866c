import {
  type BulkResendFilter,
  type Database,
  findBulkResendCandidates,
  insertBulkResends,
  lockResendRoots,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { isStorableDate } from '../../lib/query-dates.ts';
import { type UnitOfWork, withUnitOfWork } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import { type BulkResendBody, defaultResendStatuses } from './bulk-resend.schemas.ts';
import { providerCodesOf } from './error-classes.ts';
import { bulkResendNotificationKey } from './notification-keys.ts';
import type { SmsDispatcher } from './sms-dispatcher.ts';

type Body = Static<typeof BulkResendBody>;

function bodyDate(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  const date = new Date(value);
  if (!isStorableDate(date)) {
    throw new AppError(
      'validation-failed',
      `body/${field} must be a date-time between the years 0001 and 9999`,
      {
        errors: [{ field: `/${field}`, message: 'must be a date-time between the years 0001 and 9999' }],
      },
    );
  }
  return date;
}

function filterOf(body: Body): BulkResendFilter {
  const codes = body.errorClass === undefined ? undefined : providerCodesOf(body.errorClass);
  return {
    statuses: body.status === undefined ? defaultResendStatuses : [body.status].flat(),
    channel: body.channel,
    trigger: body.trigger,
    createdAfter: bodyDate('createdAfter', body.createdAfter),
    createdBefore: bodyDate('createdBefore', body.createdBefore),
    providerStatusCodes: codes && 'in' in codes ? codes.in : undefined,
    notProviderStatusCodes: codes && 'notIn' in codes ? codes.notIn : undefined,
    limit: body.limit ?? 100,
  };
}

/**
 * Resending many notifications at once, for operators after an outage or an empty account: one
 * new notification per original matching the filter, each original at most once (see
 * packages/db bulk-resend.repository.ts for which originals qualify).
 */
export function createBulkResendService({ db, sms }: { db: Database; sms: SmsDispatcher }) {
  return {
    /** How many notifications a resend with this filter would write now. */
    async countResendable(_actor: Actor, body: Body): Promise<number> {
      return (await findBulkResendCandidates(db, filterOf(body))).length;
    },

    /**
     * Writes the resends in the caller's transaction when given one, and hands them to the queue's
     * catch-up lane once it has committed. The trees of the candidates are locked (in id order)
     * and the candidates found again under the lock: a single or bulk resend that committed
     * meanwhile leaves its originals out.
     */
    async resendMatching(_actor: Actor, body: Body, unit?: UnitOfWork): Promise<string[]> {
      const filter = filterOf(body);
      return withUnitOfWork(db, unit, async ({ tx, afterCommit }) => {
        const seen = await findBulkResendCandidates(tx, filter);
        const roots = [...new Set(seen.map((candidate) => candidate.rootId))].sort();
        await lockResendRoots(tx, roots);
        const candidates = roots.length === 0 ? [] : await findBulkResendCandidates(tx, filter, roots);
        const originals = candidates.map((candidate) => candidate.id);
        const ids = await insertBulkResends(tx, originals, originals.map(bulkResendNotificationKey));
        afterCommit(() => sms.dispatch(ids, 'catch-up'));
        return ids;
      });
    },
  };
}

export type BulkResendService = ReturnType<typeof createBulkResendService>;
