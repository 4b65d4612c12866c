import { StaffOrderEmail } from '@sokoni/contracts';
import { TimeoutError, withTimeout } from '@sokoni/runtime';
import type { SendSmsResult } from '@sokoni/sms-gateway';
import nodemailer from 'nodemailer';
import { Value } from 'typebox/value';
import { renderStaffOrderEmail } from './render-staff-order-email.ts';

/** How the connection to the SMTP server is protected (SMTP_TLS). */
export type SmtpTlsMode = 'none' | 'starttls' | 'tls';

export interface SmtpSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: STARTTLS required (587); `none`: plain (MailDev). */
  tls: SmtpTlsMode;
  user?: string | undefined;
  password?: string | undefined;
  /** The From of every e-mail, e.g. `Sokoni <orders@example.com>`. */
  from: string;
  /** Longest one send may take, connection included (ms). */
  timeoutMs: number;
  /** Connections kept open to the server at once. */
  maxConnections: number;
}

/** An e-mail notification as the worker claimed it: the address and the frozen body. */
export interface EmailToSend {
  recipient: string;
  body: string;
}

export interface EmailGateway {
  /**
   * Never throws for a server or network failure: every failure is a classified result, in the
   * shape the SMS gateway gives, so the send job records and retries both alike. `statusCode` is
   * the SMTP reply code (250, 451, 550…), null when no reply came.
   */
  send(email: EmailToSend): Promise<SendSmsResult>;
  close(): Promise<void>;
}

/** nodemailer's error: its `code` (ECONNECTION, ETIMEDOUT, EAUTH, EENVELOPE…) and the server's reply. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Sends staff e-mails through SMTP with nodemailer (a pool of connections). Classification:
 * a 5xx reply to the message or its recipient is permanent (the server will never take it);
 * a 4xx reply, a refused or dropped connection and a timeout are transient (retried with
 * backoff). Failed authentication and TLS problems are transient too although the server may
 * answer 5xx: they are the configuration's fault, not the message's, and the mail goes once an
 * operator fixes them.
 */
export function createSmtpEmailGateway(settings: SmtpSettings): EmailGateway {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    pool: true,
    maxConnections: settings.maxConnections,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });

  return {
    async send(email) {
      const body = parseBody(email.body);
      if (body === undefined) {
        return failure(
          'permanent',
          null,
          'the notification body is not a staff order e-mail this worker knows',
        );
      }
      const rendered = renderStaffOrderEmail(body);
      try {
        const info = await withTimeout(
          transport.sendMail({
            from: settings.from,
            to: email.recipient,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
          }),
          settings.timeoutMs,
        );
        return {
          outcome: 'accepted',
          httpStatus: null,
          statusCode: replyCode(info.response) ?? 250,
          status: 'accepted',
          messageId: info.messageId ?? null,
          cost: null,
          detail: info.response ?? 'accepted',
        };
      } catch (error) {
        return classify(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

function parseBody(body: string): StaffOrderEmail | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return Value.Check(StaffOrderEmail, value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function replyCode(response: string | undefined): number | null {
  const code = Number.parseInt(response?.slice(0, 3) ?? '', 10);
  return Number.isInteger(code) ? code : null;
}

function failure(
  outcome: 'permanent' | 'transient',
  statusCode: number | null,
  detail: string,
): SendSmsResult {
  return { outcome, httpStatus: null, statusCode, status: outcome, messageId: null, cost: null, detail };
}

const configurationErrors = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EOAUTH2']);

function classify(error: unknown): SendSmsResult {
  if (error instanceof TimeoutError) {
    return failure('transient', null, `SMTP send timed out: ${error.message}`);
  }
  const smtp = error as SmtpError;
  const code = typeof smtp.responseCode === 'number' ? smtp.responseCode : null;
  const detail = `SMTP ${smtp.code ?? 'error'}${code === null ? '' : ` ${code}`}: ${smtp.response ?? smtp.message}`;
  if (code !== null && code >= 500 && !configurationErrors.has(smtp.code ?? '')) {
    return failure('permanent', code, detail);
  }
  return failure('transient', code, detail);
}
