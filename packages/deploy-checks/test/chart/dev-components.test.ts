import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findObject,
  type KubeObject,
  minimalValues,
  renderChart,
  renderError,
  repoRoot,
} from '../support/helm.ts';

// apps/idp's client secret is published: whoever reaches it gets a token with every staff scope.
// The chart runs it (and the simulator) only when asked twice, and never with production values.

const kindValues = { valuesFiles: ['../../.github/kind/values.yaml'] };

function developmentDeployments(objects: KubeObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'Deployment' && /-(idp|at-sim)$/.test(object.metadata.name))
    .map((object) => object.metadata.name);
}

describe('the development components (apps/idp, apps/at-sim)', () => {
  it('are absent by default', () => {
    expect(developmentDeployments(renderChart({ values: minimalValues() }))).toEqual([]);
  });

  it('need dev.enabled as well as their own switch', () => {
    const message = renderError({ values: { ...minimalValues(), dev: { idp: { enabled: true } } } });
    expect(message).toContain('dev.idp.enabled needs dev.enabled: true');
  });

  it('fail the render with production values', () => {
    const values = minimalValues();
    const message = renderError({
      values: { ...values, dev: { enabled: true, idp: { enabled: true }, atSim: { enabled: true } } },
    });
    expect(message).toContain('dev.enabled cannot be combined with config.nodeEnv: production');
  });

  it('render for a development cluster, the provider with its explicit opt-in', () => {
    const objects = renderChart(kindValues);
    expect(developmentDeployments(objects).sort()).toEqual(['sokoni-at-sim', 'sokoni-idp']);
    const idp = findObject(objects, 'Deployment', '-idp').spec.template.spec.containers[0];
    const env = Object.fromEntries(
      (idp.env as { name: string; value?: string }[]).map((variable) => [variable.name, variable.value]),
    );
    expect(env).toMatchObject({ IDP_DEVELOPMENT_MODE: 'true', NODE_ENV: 'development' });
    expect(findObject(objects, 'ConfigMap', '-api').data?.NODE_ENV).toBe('development');
  });
});

describe('secrets in production', () => {
  it.each(['adminSessionSecret', 'atWebhookSecret'])('refuses a short or placeholder %s', (name) => {
    const values = minimalValues();
    for (const weak of ['CHANGE-ME', 'CHANGE-ME-0123456789abcdef0123456789abcdef0123456789abcdef']) {
      const message = renderError({ values: { ...values, secrets: { ...values.secrets, [name]: weak } } });
      expect(message, weak).toContain(`secrets.${name}`);
      expect(message, weak).toContain('openssl rand -hex 32');
    }
  });

  it('the production example creates every key of the Secret, the random ones with 32 bytes', () => {
    const secretKeys = [
      ...readFileSync(`${repoRoot}helm/sokoni/templates/secret.yaml`, 'utf8').matchAll(/^ {2}([A-Z_]+):/gm),
    ].map(([, key]) => key as string);
    expect(secretKeys.length).toBeGreaterThanOrEqual(5);
    for (const path of [
      'helm/sokoni/examples/values-production.yaml',
      'docs/deployment.md',
      'helm/sokoni/README.md',
    ]) {
      const text = readFileSync(`${repoRoot}${path}`, 'utf8');
      for (const key of secretKeys) {
        expect(text, `${path}: ${key}`).toMatch(new RegExp(`--from-literal=${key}=`));
      }
      for (const key of ['AT_WEBHOOK_SECRET', 'ADMIN_SESSION_SECRET']) {
        expect(text, `${path}: ${key}`).toContain(`--from-literal=${key}="$(openssl rand -hex 32)"`);
      }
    }
  });
});
