import { ConfigError } from '@sokoni/config';
import { ProductionRefusedError } from './production-guard.ts';
import { runIdp } from './run.ts';

// The process: start, and stop gracefully on SIGTERM/SIGINT. Everything else is in run.ts.
try {
  const running = await runIdp();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    running.stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
} catch (error) {
  const known = error instanceof ConfigError || error instanceof ProductionRefusedError;
  console.error(known ? `idp: ${(error as Error).message}` : error);
  process.exit(1);
}
