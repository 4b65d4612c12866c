// The contract between the worker and the Africa's Talking gateway. The gateway knows AT's wire
// format and status codes; the worker knows only these types.

export interface SendSmsRequest {
  /** One recipient in E.164, e.g. +254712345678. */
  to: string;
  message: string;
}

/** How the worker must treat the outcome of one send (see shared reference, "Per-recipient statusCode"). */
export type SendOutcomeClass =
  /** AT took the message (100 Processed, 101 Sent, 102 Queued): store the id, wait for the delivery report. */
  | 'accepted'
  /** Retrying cannot help (bad number, blacklisted, bad sender id): fail the notification now. */
  | 'permanent'
  /** The whole account is blocked (insufficient balance, risk hold, bad credentials): pause sending, alert. */
  | 'account'
  /**
   * AT is limiting this account's request rate (HTTP 429): the message is fine; hold every send
   * for `retryAfterMs`, then send it again without counting an attempt against it.
   */
  | 'throttled'
  /** Worth retrying with backoff (gateway errors, HTTP 5xx, timeouts, network errors). */
  | 'transient';

export interface SendSmsResult {
  outcome: SendOutcomeClass;
  /** HTTP status of AT's answer; null when no answer came (timeout, network error). */
  httpStatus: number | null;
  /** Per-recipient statusCode, when AT returned a recipient. */
  statusCode: number | null;
  /** AT's per-recipient status name (e.g. "Success", "InvalidPhoneNumber") or the summary message. */
  status: string;
  /** ATXid_… for accepted messages; null otherwise (AT answers the string "None" on failure). */
  messageId: string | null;
  /** e.g. "KES 0.8000". */
  cost: string | null;
  /** Human-readable explanation for logs and `last_error`. */
  detail: string;
  /** For `throttled`: how long to hold sends, from AT's Retry-After (a default when absent). */
  retryAfterMs?: number;
}

export interface SmsGateway {
  /** Never throws for a gateway or network failure: every failure is a classified result. */
  send(request: SendSmsRequest): Promise<SendSmsResult>;
  close(): Promise<void>;
}

export interface AfricasTalkingConfig {
  /** https://api.africastalking.com, https://api.sandbox.africastalking.com, or the simulator's URL. */
  baseUrl: string;
  username: string;
  apiKey: string;
  /** Registered short code or alphanumeric sender id; omitted → AT's default. */
  senderId?: string | undefined;
  /** AT's `enqueue=1`: AT queues and answers before the telcos acknowledge. */
  enqueue: boolean;
  /** Per-request timeout in milliseconds. */
  timeoutMs: number;
  /** Most connections kept open to AT at once; unset → no limit (the worker's concurrency bounds it). */
  maxConnections?: number | undefined;
}
