import { describe, expect, it } from 'vitest';
import { findObject, minimalValues, renderChart, renderError } from '../support/helm.ts';

describe('required values', () => {
  it('fails to render without secrets, naming every missing one and the existingSecret way', () => {
    const { config } = minimalValues();
    const message = renderError({ values: { config } });
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'AT_API_KEY',
      'AT_WEBHOOK_SECRET',
      'ADMIN_SESSION_SECRET',
      'secrets.existingSecret',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).toContain('no default secrets');
  });

  it('fails to render with only some secrets, naming the missing one', () => {
    const values = minimalValues();
    const message = renderError({ values: { ...values, secrets: { ...values.secrets, atApiKey: '' } } });
    expect(message).toContain('secrets.atApiKey (AT_API_KEY)');
    expect(message).not.toContain('secrets.databaseUrl');
  });

  it('fails to render without an OIDC issuer or an Africa’s Talking username', () => {
    const values = minimalValues();
    expect(renderError({ values: { ...values, config: { africastalking: { username: 'x' } } } })).toMatch(
      /config\.oidc\.issuer is required/,
    );
    expect(
      renderError({ values: { ...values, config: { oidc: { issuer: 'https://id.example.com' } } } }),
    ).toMatch(/config\.africastalking\.username is required/);
  });

  it('reads every secret from existingSecret and renders no Secret of its own', () => {
    const { config, api } = minimalValues();
    const objects = renderChart({ values: { config, api, secrets: { existingSecret: 'shop-secrets' } } });
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const env = findObject(objects, 'Deployment', '-worker').spec.template.spec.containers[0].env;
    const references = env
      .filter((variable: { valueFrom?: unknown }) => variable.valueFrom)
      .map((variable: { name: string; valueFrom: { secretKeyRef: { name: string } } }) => [
        variable.name,
        variable.valueFrom.secretKeyRef.name,
      ]);
    expect(references).toEqual([
      ['DATABASE_URL', 'shop-secrets'],
      ['REDIS_URL', 'shop-secrets'],
      ['AT_API_KEY', 'shop-secrets'],
    ]);
    const job = findObject(objects, 'Job', '-migrate').spec.template.spec.containers[0];
    expect(
      job.env.find((variable: { name: string }) => variable.name === 'DATABASE_URL').valueFrom.secretKeyRef
        .name,
    ).toBe('shop-secrets');
  });

  it('gives each component only the secrets it uses', () => {
    const objects = renderChart({ values: minimalValues() });
    const secretNames = (component: string) =>
      findObject(objects, 'Deployment', `-${component}`)
        .spec.template.spec.containers[0].env.filter(
          (variable: { valueFrom?: unknown }) => variable.valueFrom,
        )
        .map((variable: { name: string }) => variable.name);
    expect(secretNames('api')).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'AT_WEBHOOK_SECRET',
      'ADMIN_SESSION_SECRET',
    ]);
    expect(secretNames('worker')).toEqual(['DATABASE_URL', 'REDIS_URL', 'AT_API_KEY']);
  });

  it('refuses a worker grace period that would cut jobs short', () => {
    const values = {
      ...minimalValues(),
      worker: { terminationGracePeriodSeconds: 30, shutdownGraceMs: 40000 },
    };
    expect(renderError({ values })).toMatch(/terminationGracePeriodSeconds \(30s\) must exceed/);
    const short = { ...minimalValues(), worker: { jobTimeoutMs: 60000, shutdownGraceMs: 30000 } };
    expect(renderError({ values: short })).toMatch(
      /shutdownGraceMs \(30000\) must be at least worker\.jobTimeoutMs/,
    );
  });

  it('rejects values of the wrong type through values.schema.json', () => {
    expect(renderError({ values: { ...minimalValues(), api: { replicaCount: 'two' } } })).toMatch(
      /replicaCount/,
    );
    expect(renderError({ values: { ...minimalValues(), unknownTopLevel: true } })).toMatch(/unknownTopLevel/);
  });
});
