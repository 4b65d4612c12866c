import type { SokoniApi } from '../api/sokoni-api.ts';
import type { Notification, Page } from '../api/types.ts';

/** How many rows one count reads: a counter past it says "100+". */
const COUNT_CAP = 100;

export interface Counter {
  label: string;
  value: string;
  /** Where the console lists what it counts. */
  href: string;
}

/**
 * The console's live counters, from the API's notification list (one page each, so a count is
 * exact up to COUNT_CAP): queued and sending now, failed among those created in the last hour,
 * and the outbox lag, the age of the oldest notification still pending among the newest
 * COUNT_CAP (a lower bound when more are pending).
 */
export async function readCounters(api: SokoniApi, token: string): Promise<Counter[] | null> {
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  const page = (query: Record<string, string | number>) =>
    api.get<Page<Notification>>(token, '/v1/notifications', { limit: COUNT_CAP, ...query });
  const [queued, sending, failed, pending] = await Promise.all([
    page({ status: 'queued' }),
    page({ status: 'sending' }),
    page({ status: 'failed', createdAfter: hourAgo }),
    page({ status: 'pending' }),
  ]);
  if (!queued.ok || !sending.ok || !failed.ok || !pending.ok) {
    return null;
  }
  const count = (result: { data: Page<Notification> }) =>
    `${result.data.items.length}${result.data.nextCursor ? '+' : ''}`;
  const oldestPending = pending.data.items.at(-1)?.createdAt;
  const lagS = oldestPending ? Math.max(0, Math.round((Date.now() - Date.parse(oldestPending)) / 1000)) : 0;
  return [
    { label: 'Queued', value: count(queued), href: '/console?status=queued' },
    { label: 'Sending', value: count(sending), href: '/console?status=sending' },
    { label: 'Failed in the last hour', value: count(failed), href: '/console?status=failed' },
    {
      label: 'Outbox lag',
      value: lagS < 120 ? `${lagS} s` : `${Math.round(lagS / 60)} min`,
      href: '/console?status=pending',
    },
  ];
}
