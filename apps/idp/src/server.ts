import { ConfigError } from '@sokoni/config';
import pino from 'pino';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from './clients.ts';
import { loadIdpConfig } from './config.ts';
import { listenIdp } from './listen.ts';
import { ProductionRefusedError } from './production-guard.ts';
import { DEMO_USERS } from './users.ts';

// The process: configuration, logs, listen, and a graceful stop on SIGTERM/SIGINT.
async function main(): Promise<void> {
  const config = loadIdpConfig();
  const logger = pino({ level: config.LOG_LEVEL, name: 'idp' });
  const idp = await listenIdp({
    host: config.HOST,
    port: config.PORT,
    issuer: config.IDP_ISSUER,
    audience: config.IDP_API_AUDIENCE,
    accessTokenTtlSeconds: config.IDP_ACCESS_TOKEN_TTL_SECONDS,
    dataDir: config.IDP_DATA_DIR,
    nodeEnv: config.NODE_ENV,
    logger,
  });
  logger.info(
    {
      issuer: idp.issuer,
      port: idp.port,
      audience: config.IDP_API_AUDIENCE,
      machineClient: `${DEV_CLIENT_ID}:${DEV_CLIENT_SECRET}`,
      users: DEMO_USERS.map((user) => user.username),
    },
    `development OpenID provider listening; discovery at ${idp.issuer}/.well-known/openid-configuration`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Give in-flight requests a moment, then leave regardless.
    const timer = setTimeout(() => {
      logger.warn('connections still open after 10 s; exiting');
      process.exit(0);
    }, 10_000);
    timer.unref();
    idp.server.closeIdleConnections();
    idp.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ProductionRefusedError) {
    console.error(`idp: ${error.message}`);
  } else {
    console.error('idp: failed to start', error);
  }
  process.exit(1);
});
