import { type SokoniApi, settle } from '../api/sokoni-api.ts';

export interface Counter {
  label: string;
  value: string;
  /** Where the console lists what it counts. */
  href: string;
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/**
 * The console's live counters, from the API's notification summary (exact counts, read in
 * PostgreSQL): queued and sending now, failed among those created in the last hour, and the
 * outbox lag, the age of the oldest notification still owed (pending or queued).
 */
export async function readCounters(api: SokoniApi, token: string): Promise<Counter[] | null> {
  const summary = await settle(api.as(token).GET('/v1/notifications/summary'));
  if (!summary.ok) {
    return null;
  }
  const { queued, sending, failedLastHour, outboxLagS } = summary.data;
  return [
    { label: 'Queued', value: String(queued), href: '/console?status=queued' },
    { label: 'Sending', value: String(sending), href: '/console?status=sending' },
    { label: 'Failed in the last hour', value: String(failedLastHour), href: '/console?status=failed' },
    { label: 'Outbox lag', value: duration(outboxLagS), href: '/console?status=pending' },
  ];
}
