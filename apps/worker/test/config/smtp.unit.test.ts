import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { insecureTransportWarnings, loadWorkerConfig } from '../../src/config.ts';
import { smtpSettingsOf } from '../../src/smtp-config.ts';

const base = {
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  AT_BASE_URL: 'https://api.africastalking.com',
  AT_API_KEY: 'atsk_0123456789abcdef',
};
const production = { ...base, NODE_ENV: 'production' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadWorkerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.join('\n');
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('SMTP settings of the staff e-mails', () => {
  it('reach MailDev (localhost:1025, plain) outside production when nothing is set', () => {
    expect(smtpSettingsOf(loadWorkerConfig({ ...base, NODE_ENV: 'development' }))).toMatchObject({
      host: 'localhost',
      port: 1025,
      tls: 'none',
    });
  });

  it('send nothing in production until SMTP_HOST names a relay, then STARTTLS on 587 by default', () => {
    expect(smtpSettingsOf(loadWorkerConfig(production))).toBeUndefined();
    const config = loadWorkerConfig({
      ...production,
      SMTP_HOST: 'smtp.example.com',
      SMTP_USER: 'orders',
      SMTP_PASSWORD: 'kX93-mail-relay-pass',
    });
    expect(smtpSettingsOf(config)).toMatchObject({ host: 'smtp.example.com', port: 587, tls: 'starttls' });
    expect(insecureTransportWarnings(config)).toEqual([]);
  });

  it('refuse plain SMTP in production unless ALLOW_INSECURE_SMTP is set, and then warn', () => {
    const env = { ...production, SMTP_HOST: 'smtp.internal', SMTP_TLS: 'none' };
    expect(problemsOf(env)).toMatch(
      /SMTP_TLS=none .* production needs SMTP_TLS=starttls or tls.*ALLOW_INSECURE_SMTP/,
    );
    const config = loadWorkerConfig({ ...env, ALLOW_INSECURE_SMTP: 'true' });
    expect(insecureTransportWarnings(config)).toEqual([
      expect.stringMatching(/^ALLOW_INSECURE_SMTP=true in production: SMTP to smtp.internal:1025 is plain/),
    ]);
  });

  it('need a password with a user, and refuse a placeholder one', () => {
    expect(problemsOf({ ...base, SMTP_USER: 'orders' })).toMatch(/SMTP_PASSWORD is required with SMTP_USER/);
    expect(problemsOf({ ...base, SMTP_USER: 'orders', SMTP_PASSWORD: 'change-me' })).toMatch(
      /SMTP_PASSWORD is a placeholder/,
    );
  });
});
