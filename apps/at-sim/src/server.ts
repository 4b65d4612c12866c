import { ConfigError } from '@sokoni/config';
import { loggableUrl, logOptions } from '@sokoni/runtime';
import { buildSimulator } from './app.ts';
import { type AtSimConfig, loadAtSimConfig } from './config.ts';

let config: AtSimConfig;
try {
  config = loadAtSimConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`at-sim: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const app = await buildSimulator({
  logger: { ...logOptions, level: config.LOG_LEVEL },
  username: config.AT_SIM_USERNAME,
  apiKey: config.AT_SIM_API_KEY,
  callbackUrl: config.AT_SIM_CALLBACK_URL ?? null,
  dlrDelayMs: config.AT_SIM_DLR_DELAY_MS,
  dlrRetries: config.AT_SIM_DLR_RETRIES,
  dlrRetryBackoffMs: config.AT_SIM_DLR_RETRY_BACKOFF_MS,
  currency: config.AT_SIM_CURRENCY,
  costPerSegment: config.AT_SIM_COST_PER_SEGMENT,
  maxMessages: config.AT_SIM_MAX_MESSAGES,
  faults: config.faults,
});

// Stop taking requests, drop held ones and pending reports, then exit; a second signal or a
// stuck close ends the process anyway.
let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) {
    process.exit(1);
  }
  closing = true;
  app.log.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), 10_000).unref();
  await app.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

try {
  await app.listen({ host: config.HOST, port: config.PORT });
  app.log.info(
    {
      // The callback URL carries the API's webhook secret in its path.
      callbackUrl: config.AT_SIM_CALLBACK_URL ? loggableUrl(config.AT_SIM_CALLBACK_URL) : null,
      username: config.AT_SIM_USERNAME,
      faults: config.faults.length,
    },
    "Africa's Talking simulator ready",
  );
} catch (error) {
  app.log.fatal({ err: error }, 'could not start');
  process.exit(1);
}
