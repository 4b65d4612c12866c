import { Pool } from 'undici';
import { interpretMessagingResponse } from './interpret-messaging-response.ts';
import { transportFailure } from './transport-failure.ts';
import type { AfricasTalkingConfig, SendSmsRequest, SendSmsResult, SmsGateway } from './types.ts';

/** How long an idle keep-alive connection to AT is kept (ms); AT's side may close it sooner. */
const keepAliveTimeoutMs = 10_000;

/** AT's answers are a few hundred bytes; anything far bigger is not AT and is cut off. */
const maxAnswerBytes = 1024 * 1024;

/**
 * An SMS gateway over Africa's Talking's `POST /version1/messaging`, one recipient per request.
 * It keeps a pool of keep-alive connections to `config.baseUrl` and never throws for AT or
 * network failures: every outcome comes back classified (see SendOutcomeClass).
 */
export function createAfricasTalkingGateway(config: AfricasTalkingConfig): SmsGateway {
  const base = new URL(config.baseUrl);
  // A base URL with a path (a proxy, the simulator behind a prefix) keeps that path.
  const path = `${base.pathname.replace(/\/+$/, '')}/version1/messaging`;
  const pool = new Pool(base.origin, {
    connections: config.maxConnections ?? null,
    keepAliveTimeout: keepAliveTimeoutMs,
    connect: { timeout: config.timeoutMs },
    // Each send's signal bounds the whole exchange; undici's timers would only bound parts of it.
    headersTimeout: 0,
    bodyTimeout: 0,
    maxResponseSize: maxAnswerBytes,
  });

  async function send(request: SendSmsRequest): Promise<SendSmsResult> {
    try {
      const answer = await pool.request({
        method: 'POST',
        path,
        headers: {
          apiKey: config.apiKey,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: buildForm(config, request).toString(),
        // The whole exchange, from waiting for a connection to the last byte of the answer.
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const body = await answer.body.text();
      const retryAfter = answer.headers['retry-after'];
      return interpretMessagingResponse(
        answer.statusCode,
        body,
        request.to,
        Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      );
    } catch (error) {
      return transportFailure(error, config.timeoutMs);
    }
  }

  return {
    send,
    /** Waits for sends in flight, then closes the connections; calling it again is harmless. */
    async close() {
      if (!pool.closed && !pool.destroyed) {
        await pool.close();
      }
    },
  };
}

/** The form AT's SDK sends for `SMS.send` (same fields, same order). */
function buildForm(config: AfricasTalkingConfig, request: SendSmsRequest): URLSearchParams {
  const form = new URLSearchParams({ username: config.username, to: request.to, message: request.message });
  if (config.senderId) {
    form.set('from', config.senderId);
  }
  // 1 bills the sender on short codes and is what bulk (non-premium) sending requires.
  form.set('bulkSMSMode', '1');
  if (config.enqueue) {
    form.set('enqueue', '1');
  }
  return form;
}
