import { isPlaceholder } from '@sokoni/config';
import { Type } from 'typebox';
import type { SmtpSettings, SmtpTlsMode } from './email/smtp-email-gateway.ts';

// The SMTP server staff e-mails go through. Outside production the defaults reach MailDev, the
// capture server bin/dev and the tests run (localhost:1025, plain); production must name its
// relay, and sends only over TLS unless ALLOW_INSECURE_SMTP says otherwise.

/** MailDev, as bin/dev runs it; never a default in production. */
const CAPTURE_HOST = 'localhost';

export const smtpConfig = {
  SMTP_HOST: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'SMTP server of the staff e-mails; unset in production: no e-mail can be sent (owed ones fail with ' +
        'the reason), localhost (MailDev, SMTP port 1025) otherwise',
    }),
  ),
  SMTP_PORT: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 65_535,
      description: 'SMTP port; unset: 465 with SMTP_TLS=tls, 587 with starttls, 1025 (MailDev) with none',
    }),
  ),
  SMTP_TLS: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('starttls'), Type.Literal('tls')], {
      description:
        'tls: TLS from the first byte (port 465); starttls: STARTTLS required (port 587); none: plain SMTP, ' +
        'refused in production without ALLOW_INSECURE_SMTP; unset: starttls in production, none otherwise',
    }),
  ),
  SMTP_USER: Type.Optional(
    Type.String({ minLength: 1, description: 'SMTP user name; unset: no authentication' }),
  ),
  SMTP_PASSWORD: Type.Optional(
    Type.String({ minLength: 1, description: 'password of SMTP_USER (secret); required with SMTP_USER' }),
  ),
  SMTP_FROM: Type.String({
    default: 'Sokoni <orders@sokoni.localhost>',
    minLength: 3,
    description: 'From of the staff e-mails, e.g. "My Shop <orders@example.com>"',
  }),
  SMTP_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 100,
    description: 'longest one e-mail may take to send, connecting included',
  }),
  SMTP_MAX_CONNECTIONS: Type.Integer({
    default: 5,
    minimum: 1,
    description: 'SMTP connections kept open by one worker process',
  }),
  ALLOW_INSECURE_SMTP: Type.Boolean({
    default: false,
    description:
      'with NODE_ENV=production, accept SMTP_TLS=none (the SMTP password and the e-mails cross the network in ' +
      'clear); logged as a warning at every start. Only for a relay reached over a private, encrypted network',
  }),
};

interface LoadedSmtp {
  NODE_ENV: string;
  SMTP_HOST?: string | undefined;
  SMTP_PORT?: number | undefined;
  SMTP_TLS?: SmtpTlsMode | undefined;
  SMTP_USER?: string | undefined;
  SMTP_PASSWORD?: string | undefined;
  SMTP_FROM: string;
  SMTP_TIMEOUT_MS: number;
  SMTP_MAX_CONNECTIONS: number;
  ALLOW_INSECURE_SMTP: boolean;
}

const defaultPorts: Record<SmtpTlsMode, number> = { tls: 465, starttls: 587, none: 1025 };

/** The SMTP settings the loaded variables give, or undefined when production named no server. */
export function smtpSettingsOf(config: LoadedSmtp): SmtpSettings | undefined {
  const production = config.NODE_ENV === 'production';
  const host = config.SMTP_HOST ?? (production ? undefined : CAPTURE_HOST);
  if (host === undefined) {
    return undefined;
  }
  const tls = config.SMTP_TLS ?? (production ? 'starttls' : 'none');
  return {
    host,
    port: config.SMTP_PORT ?? defaultPorts[tls],
    tls,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    from: config.SMTP_FROM,
    timeoutMs: config.SMTP_TIMEOUT_MS,
    maxConnections: config.SMTP_MAX_CONNECTIONS,
  };
}

/** Rules between the SMTP variables, production's TLS rule among them. */
export function smtpProblems(config: LoadedSmtp): string[] {
  const problems: string[] = [];
  if (config.SMTP_USER !== undefined && config.SMTP_PASSWORD === undefined) {
    problems.push('SMTP_PASSWORD is required with SMTP_USER');
  }
  if (config.SMTP_PASSWORD !== undefined && isPlaceholder(config.SMTP_PASSWORD)) {
    problems.push('SMTP_PASSWORD is a placeholder: set the password of SMTP_USER');
  }
  const settings = smtpSettingsOf(config);
  if (config.NODE_ENV === 'production' && settings?.tls === 'none' && !config.ALLOW_INSECURE_SMTP) {
    problems.push(
      'SMTP_TLS=none sends the e-mails and the SMTP password in clear: production needs SMTP_TLS=starttls or ' +
        'tls; set ALLOW_INSECURE_SMTP=true only if the connection is protected some other way',
    );
  }
  return problems;
}

/** The loud warning each start logs while ALLOW_INSECURE_SMTP lets plain SMTP through in production. */
export function insecureSmtpWarnings(config: LoadedSmtp): string[] {
  const settings = smtpSettingsOf(config);
  if (config.NODE_ENV !== 'production' || settings?.tls !== 'none') {
    return [];
  }
  return [
    `ALLOW_INSECURE_SMTP=true in production: SMTP to ${settings.host}:${settings.port} is plain; whoever can ` +
      'watch that traffic reads the e-mails and the SMTP password',
  ];
}
