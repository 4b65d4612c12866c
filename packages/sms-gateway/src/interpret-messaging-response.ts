import { maskPhoneNumbers } from '@sokoni/runtime';
import { classifyRecipientStatus, recipientStatusCodeForName } from './classify-recipient-status.ts';
import { failureResult } from './failure-result.ts';
import type { SendSmsResult } from './types.ts';

interface AtRecipient {
  statusCode?: unknown;
  number?: unknown;
  cost?: unknown;
  status?: unknown;
  messageId?: unknown;
}

/**
 * The longest piece of an unexpected body kept in `detail`, so logs stay readable. A detail is
 * stored as the row's last error, becomes the BullMQ job's failure reason and is logged, so it
 * never holds a phone number whole: quoted answers have theirs masked (maskPhoneNumbers).
 */
const maxQuotedBody = 200;

/**
 * Turns AT's answer to `POST /version1/messaging` into a classified result. AT does not use the
 * HTTP status to say whether a message went out: a 201 may carry a per-recipient failure or no
 * recipient at all, so only the recipient's `statusCode` decides.
 */
export function interpretMessagingResponse(
  httpStatus: number,
  body: string,
  to: string,
  retryAfter?: string,
): SendSmsResult {
  if (httpStatus === 401) {
    // AT answers plain text "The supplied authentication is invalid": wrong key, wrong username,
    // sandbox key on live, or a `from` the account does not own. No message can go out.
    return failureResult({
      outcome: 'account',
      httpStatus,
      status: `HTTP ${httpStatus}`,
      detail: `authentication refused: ${quote(body)}`,
    });
  }
  if (httpStatus >= 500) {
    // The request reached AT (or a proxy in front of it) and something broke there: it may
    // still have been sent.
    return httpFailure('transient', httpStatus, body);
  }
  if (httpStatus === 429) {
    // Too many requests for this account: nothing wrong with the message, and nothing was sent.
    return failureResult({
      outcome: 'throttled',
      httpStatus,
      status: 'HTTP 429',
      detail: `Africa's Talking is limiting the request rate: ${quote(body)}`,
      retryAfterMs: retryAfterMs(retryAfter),
    });
  }
  if (httpStatus === 408) {
    return httpFailure('transient', httpStatus, body);
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    // Bad request, unknown path, redirect: the same request will fail the same way.
    return httpFailure('permanent', httpStatus, body);
  }

  const data = parseMessageData(body);
  if (data === null) {
    // A success status with a body we cannot read: AT may well have taken the message.
    return failureResult({
      outcome: 'transient',
      httpStatus,
      status: 'UnreadableResponse',
      detail: `unreadable answer to HTTP ${httpStatus}: ${quote(body)}`,
    });
  }
  const recipients = Array.isArray(data.Recipients) ? (data.Recipients as AtRecipient[]) : [];
  const summary = typeof data.Message === 'string' ? maskPhoneNumbers(data.Message) : '';
  const recipient = recipients.find((r) => r.number === to) ?? recipients[0];

  if (recipient === undefined) {
    // Account-level refusals (e.g. {"Message":"InvalidSenderId","Recipients":[]}) name the
    // problem in the summary; a name we know is classified like its code.
    const code = recipientStatusCodeForName(summary);
    const outcome = code === null ? 'transient' : classifyRecipientStatus(code);
    return failureResult({
      // A known name that means "accepted" without a recipient would be a contradiction.
      outcome: outcome === 'accepted' ? 'transient' : outcome,
      httpStatus,
      status: summary,
      detail: `no recipient in the answer: ${summary || 'empty message'}`,
    });
  }

  const statusCode = Number(recipient.statusCode);
  if (!Number.isInteger(statusCode)) {
    return failureResult({
      outcome: 'transient',
      httpStatus,
      status: 'UnreadableResponse',
      detail: `recipient without a statusCode: ${quote(body)}`,
    });
  }
  const outcome = classifyRecipientStatus(statusCode);
  const status = typeof recipient.status === 'string' ? recipient.status : '';
  return {
    outcome,
    httpStatus,
    statusCode,
    status,
    messageId: readMessageId(recipient.messageId),
    cost: typeof recipient.cost === 'string' ? recipient.cost : null,
    detail:
      outcome === 'accepted'
        ? `accepted (${statusCode} ${status})`
        : // Not the number: the notification already names its recipient, and this text is
          // copied to the job's failure reason in Redis and to log lines.
          `refused: ${statusCode} ${status} (${summary})`,
  };
}

function parseMessageData(body: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'SMSMessageData' in parsed) {
      const data = (parsed as { SMSMessageData: unknown }).SMSMessageData;
      if (typeof data === 'object' && data !== null) {
        return data as Record<string, unknown>;
      }
    }
    return null;
  } catch {
    return null;
  }
}

/** AT answers the string "None" instead of an id when it did not take the message. */
function readMessageId(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value === 'None') {
    return null;
  }
  return value;
}

function quote(body: string): string {
  // Masked before it is cut: a number cut in two would be too short to be recognised.
  const text = maskPhoneNumbers(body.trim());
  if (text === '') {
    return '(empty body)';
  }
  return text.length > maxQuotedBody ? `${text.slice(0, maxQuotedBody)}…` : text;
}

function httpFailure(outcome: 'transient' | 'permanent', httpStatus: number, body: string): SendSmsResult {
  return failureResult({
    outcome,
    httpStatus,
    status: `HTTP ${httpStatus}`,
    detail: `Africa's Talking answered HTTP ${httpStatus}: ${quote(body)}`,
  });
}

/** Without a usable Retry-After, wait this long; never longer than the cap, whatever AT says. */
export const DEFAULT_RETRY_AFTER_MS = 1000;
export const MAX_RETRY_AFTER_MS = 60_000;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | undefined, now: number = Date.now()): number {
  if (header === undefined || header.trim() === '') {
    return DEFAULT_RETRY_AFTER_MS;
  }
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) {
    return DEFAULT_RETRY_AFTER_MS;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
