import { fragments, loadConfig } from '@sokoni/config';
import { createSmsProducer, type SmsProducer } from '@sokoni/contracts';
import { Type } from 'typebox';

/** The SMS job settings production runs with: the defaults of the shared configuration. */
const jobSettings = loadConfig(Type.Object(fragments.smsJobs), {});

/** The producer the API and the relay use, on a queue prefix of the bench's choosing. */
export function createBenchProducer(redisUrl: string, prefix: string): SmsProducer {
  return createSmsProducer({ redisUrl, prefix, settings: jobSettings, timeoutMs: 30_000, onError: () => {} });
}

/** Adds the rows' jobs in batches of `batch`. */
export async function addJobs(producer: SmsProducer, ids: string[], batch = 1000): Promise<void> {
  for (let i = 0; i < ids.length; i += batch) {
    await producer.addSmsJobs(ids.slice(i, i + batch));
  }
}
