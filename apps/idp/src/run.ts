import { logOptions } from '@sokoni/runtime';
import pino, { type Logger } from 'pino';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from './clients.ts';
import { loadIdpConfig } from './config.ts';
import { listenIdp, type RunningIdp } from './listen.ts';
import { DEMO_USERS } from './users.ts';

export interface IdpProcess {
  idp: RunningIdp;
  logger: Logger;
  /** Closes the server, giving open connections `graceMs` before they are cut. */
  stop: (reason: string, graceMs?: number) => Promise<void>;
}

/** What server.ts runs: configuration from the environment, logs, listen. */
export async function runIdp(env: Record<string, string | undefined> = process.env): Promise<IdpProcess> {
  const config = loadIdpConfig(env);
  const logger = pino({ ...logOptions, level: config.LOG_LEVEL, name: 'idp' });
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

  const stop = async (reason: string, graceMs = 10_000) => {
    logger.info({ reason }, 'stopping');
    // Idle keep-alive connections would hold close() open; busy ones get the grace period.
    idp.server.closeIdleConnections();
    const timer = setTimeout(() => {
      logger.warn({ graceMs }, 'connections still open after the grace period; closing them');
      idp.server.closeAllConnections();
    }, graceMs);
    try {
      await idp.close();
    } finally {
      clearTimeout(timer);
    }
    logger.info('stopped');
  };
  return { idp, logger, stop };
}
