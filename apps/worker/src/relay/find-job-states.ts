import { smsJobId } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Where a notification's job stands in Redis: `missing` (never added, lost with Redis, or
 * removed by retention once finished), `failed` or `completed` (retained as finished), or
 * `live` (waiting, prioritized, delayed or active).
 */
export type JobState = 'missing' | 'live' | 'failed' | 'completed';

/**
 * Looks up the job of every notification of a relay batch in one round trip: a MULTI of one
 * EXISTS per job (its hash) and one ZMSCORE on each of BullMQ's failed and completed sets.
 * What it costs is a batch's size in O(1) commands, none of them a script, and nothing is
 * written, so a backlog whose jobs all exist is checked without touching them (adding each
 * again, even as a no-op, ran BullMQ's add script once per row).
 */
export async function findJobStates(
  queue: Queue,
  redis: Redis,
  notificationIds: string[],
): Promise<JobState[]> {
  if (notificationIds.length === 0) {
    return [];
  }
  const jobIds = notificationIds.map(smsJobId);
  const lookUp = redis.multi();
  for (const jobId of jobIds) {
    lookUp.exists(queue.toKey(jobId));
  }
  lookUp.zmscore(queue.toKey('failed'), ...jobIds);
  lookUp.zmscore(queue.toKey('completed'), ...jobIds);
  const replies = await lookUp.exec();
  if (!replies) {
    throw new Error('the job look-up of a relay batch was aborted');
  }
  for (const [error] of replies) {
    if (error) {
      throw error;
    }
  }
  const exists = replies.slice(0, jobIds.length).map(([, reply]) => reply === 1);
  const failed = replies[jobIds.length]?.[1] as (string | null)[];
  const completed = replies[jobIds.length + 1]?.[1] as (string | null)[];
  return jobIds.map((_, index) => {
    if (!exists[index]) {
      return 'missing';
    }
    if (failed[index] !== null) {
      return 'failed';
    }
    return completed[index] !== null ? 'completed' : 'live';
  });
}
