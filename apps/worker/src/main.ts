import { ConfigError } from '@sokoni/config';
import { logOptions, settlesWithin, terminalTransport } from '@sokoni/runtime';
import { flushTraces } from '@sokoni/telemetry';
import pino from 'pino';
import { insecureTransportWarnings, loadWorkerConfig } from './config.ts';
import { closeConnectionsMs, startWorker } from './start-worker.ts';

function loadConfigOrExit() {
  try {
    return loadWorkerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sokoni-worker: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const log = pino({
  ...logOptions,
  level: config.LOG_LEVEL,
  // Pretty lines for a person at a terminal; JSON for log collectors everywhere else.
  ...terminalTransport(config.NODE_ENV),
});
for (const warning of insecureTransportWarnings(config)) {
  log.warn(warning);
}
const running = await startWorker(config, { logger: log });

// SIGTERM (Kubernetes) or SIGINT (a terminal): stop taking jobs, let active sends finish within
// SHUTDOWN_GRACE_MS, exit 0. A second signal does not cut the grace short (the handler stays
// installed: without it Node's default would kill the process at once): the pod's own
// terminationGracePeriodSeconds is the hard stop.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) {
      log.info({ signal }, 'already shutting down; active sends keep their grace');
      return;
    }
    stopping = true;
    log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down');
    // close() is bounded; this is the last resort should anything still hang.
    setTimeout(
      () => {
        log.error('shutdown overran its bound; exiting');
        process.exit(0);
      },
      config.SHUTDOWN_GRACE_MS + closeConnectionsMs + 1000,
    ).unref();
    running.close().then(
      async ({ drained }) => {
        log.info({ drained }, 'worker stopped');
        // The spans of the last jobs (with tracing off, nothing to do); bounded like the rest.
        await settlesWithin(flushTraces(), 2000);
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

process.on('unhandledRejection', (reason) => {
  log.error({ err: reason }, 'unhandled rejection');
});
