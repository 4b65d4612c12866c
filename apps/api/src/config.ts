import { fragments, loadConfig } from '@sokoni/config';
import { type Static, Type } from 'typebox';

export const apiConfigSchema = Type.Object({
  ...fragments.nodeEnv,
  ...fragments.logging,
  ...fragments.http(3000),
  ...fragments.database,
  ...fragments.redis,
  ...fragments.smsJobs,
  PUBLIC_URL: Type.String({
    default: 'http://localhost:3000',
    pattern: '^https?://',
    description: 'URL clients use to reach the API (OpenAPI servers, OAuth2 redirect of /docs)',
  }),
  DEFAULT_PHONE_REGION: Type.String({
    default: 'KE',
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166 region used to read phone numbers written without a country code',
  }),
  DEFAULT_CURRENCY: Type.String({
    default: 'KES',
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217 currency of orders',
  }),
  DEFAULT_LOCALE: Type.Union([Type.Literal('en'), Type.Literal('sw')], {
    default: 'en',
    description: 'language of SMS texts for customers created without a locale: en or sw',
  }),
  SHOP_NAME: Type.String({ default: 'Sokoni', maxLength: 30, description: 'shop name written in SMS texts' }),
  ENQUEUE_TIMEOUT_MS: Type.Integer({
    default: 250,
    minimum: 10,
    description: 'longest a request waits to hand a job to Redis after commit; the relay catches up later',
  }),
  AT_WEBHOOK_SECRET: Type.String({
    minLength: 16,
    description:
      "secret in the delivery-report callback URL registered with Africa's Talking: <PUBLIC_URL>/v1/webhooks/africastalking/delivery-reports/<secret>",
  }),
  BODY_LIMIT_BYTES: Type.Integer({
    default: 65_536,
    minimum: 1024,
    description: 'largest accepted request body',
  }),
});

export type ApiConfig = Static<typeof apiConfigSchema>;

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return loadConfig(apiConfigSchema, env);
}
