import { describe, expect, it } from 'vitest';
import { appEnvironment } from '../support/app-environment.ts';
import { findObject, type KubeObject, minimalValues, renderChart, renderError } from '../support/helm.ts';
import { validateKubeObject } from '../support/kube-schemas.ts';

// The chart's optional web component (web.enabled): the pages' Deployment, Service, Ingress,
// ConfigMap and Secret keys, and what the chart refuses to render for it.

const webSessionSecret = 'test-only-web-session-0123456789abcdef0123456789abcdef';

function withWeb(overrides: { web?: Record<string, unknown>; secrets?: Record<string, string> } = {}) {
  const values = minimalValues();
  return {
    ...values,
    secrets: {
      ...values.secrets,
      webSessionSecret,
      webOidcClientSecret: 'test-only-client-secret',
      ...overrides.secrets,
    },
    web: { enabled: true, publicUrl: 'https://shop.example.com', ...overrides.web },
  };
}

// The chart's own default, set here so the checks do not depend on it.
const productionNodeEnv = (values: ReturnType<typeof withWeb>) => ({
  ...values,
  config: { ...values.config, nodeEnv: 'production' },
});

const webObjects = (objects: KubeObject[]) =>
  objects.filter((object) => object.metadata.labels?.['app.kubernetes.io/component'] === 'web');

describe('the web component', () => {
  it('is absent unless web.enabled, and its secrets are not asked for then', () => {
    const objects = renderChart({ values: minimalValues() });
    expect(webObjects(objects)).toEqual([]);
    const secret = findObject(objects, 'Secret', 'sokoni');
    expect(Object.keys(secret.stringData ?? {})).not.toContain('WEB_SESSION_SECRET');
  });

  it('renders a Deployment, Service, ConfigMap, PodDisruptionBudget and Ingress valid against the Kubernetes schemas', () => {
    const objects = renderChart({ values: withWeb({ web: { ingress: { enabled: true } } }) });
    const kinds = webObjects(objects)
      .map((object) => object.kind)
      .sort();
    expect(kinds).toEqual(['ConfigMap', 'Deployment', 'Ingress', 'PodDisruptionBudget', 'Service']);
    for (const object of objects) {
      validateKubeObject(object);
    }
    const ingress = findObject(objects, 'Ingress', '-web');
    expect(ingress.spec.rules).toEqual([
      {
        host: 'shop.example.com',
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: 'sokoni-web', port: { name: 'http' } } },
            },
          ],
        },
      },
    ]);
    const service = findObject(objects, 'Service', '-web');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3004, targetPort: 'http', protocol: 'TCP' }]);
  });

  it('runs apps/web with probes on /healthz and /readyz, its secrets from the chart’s Secret', () => {
    const objects = renderChart({ values: withWeb() });
    const container = findObject(objects, 'Deployment', '-web').spec.template.spec.containers[0];
    expect(container.args).toEqual(['node', 'apps/web/src/server.ts']);
    expect(container.image).toMatch(/\/?sokoni-web:/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3004, protocol: 'TCP' }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    const fromSecret = Object.fromEntries(
      (container.env as { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[])
        .filter((variable) => variable.valueFrom?.secretKeyRef)
        .map((variable) => [variable.name, variable.valueFrom?.secretKeyRef]),
    );
    expect(fromSecret).toEqual({
      REDIS_URL: { name: 'sokoni', key: 'REDIS_URL' },
      WEB_SESSION_SECRET: { name: 'sokoni', key: 'WEB_SESSION_SECRET' },
      WEB_OIDC_CLIENT_SECRET: { name: 'sokoni', key: 'WEB_OIDC_CLIENT_SECRET' },
    });
    const secret = findObject(objects, 'Secret', 'sokoni');
    expect(secret.stringData?.WEB_SESSION_SECRET).toBe(webSessionSecret);
    // With an existing Secret, the same keys are read from it.
    const existing = renderChart({ values: withWeb({ secrets: { existingSecret: 'shop-secrets' } }) });
    const env = findObject(existing, 'Deployment', '-web').spec.template.spec.containers[0].env;
    expect(env.find((variable: { name: string }) => variable.name === 'WEB_OIDC_CLIENT_SECRET')).toEqual({
      name: 'WEB_OIDC_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'WEB_OIDC_CLIENT_SECRET' } },
    });
  });

  it('gives the web app only variables it reads and every one it requires, the API reached inside the cluster', () => {
    const reads = new Map(appEnvironment('web').map((variable) => [variable.name, variable]));
    const objects = renderChart({ values: withWeb({ web: { grafanaUrl: 'https://grafana.example.com' } }) });
    const configMap = findObject(objects, 'ConfigMap', '-web').data ?? {};
    const env = findObject(objects, 'Deployment', '-web').spec.template.spec.containers[0].env as {
      name: string;
    }[];
    const given = [...Object.keys(configMap), ...env.map((variable) => variable.name)];
    expect(given.filter((name) => !reads.has(name))).toEqual([]);
    const required = [...reads.values()]
      .filter((variable) => variable.required)
      .map((variable) => variable.name);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
    expect(configMap).toMatchObject({
      WEB_PUBLIC_URL: 'https://shop.example.com',
      WEB_API_URL: 'http://sokoni-api:3000',
      WEB_BULL_BOARD_URL: 'https://api.example.com/admin/queues',
      WEB_GRAFANA_URL: 'https://grafana.example.com',
      OIDC_ISSUER: 'https://login.example.com',
    });
  });

  it('lets the web pods reach the API when NetworkPolicies are on', () => {
    const objects = renderChart({ values: { ...withWeb(), networkPolicy: { enabled: true } } });
    const api = objects.find(
      (object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'sokoni-api',
    );
    const web = objects.find(
      (object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'sokoni-web',
    );
    const webSelector = web?.spec.podSelector.matchLabels;
    expect(api?.spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: webSelector } });
    expect(web?.spec.egress[0]).toEqual({
      ports: [{ port: 3000, protocol: 'TCP' }],
      to: [{ podSelector: { matchLabels: api?.spec.podSelector.matchLabels } }],
    });
  });

  it.each([
    ['web.publicUrl', { web: { publicUrl: '' } }, /web\.publicUrl is required/],
    [
      'the session secret',
      { secrets: { webSessionSecret: 'short' } },
      /secrets\.webSessionSecret \(WEB_SESSION_SECRET/,
    ],
    [
      'the client secret',
      { secrets: { webOidcClientSecret: '' } },
      /secrets\.webOidcClientSecret \(WEB_OIDC_CLIENT_SECRET\)/,
    ],
    [
      'the Ingress path',
      {
        web: {
          ingress: {
            enabled: true,
            hosts: [{ host: 'shop.example.com', paths: [{ path: '/shop', pathType: 'Prefix' }] }],
          },
        },
      },
      /web\.ingress path "\/shop" \(Prefix\): the web pages have no base path/,
    ],
  ])('refuses to render with %s missing or wrong', (_what, overrides, message) => {
    expect(renderError({ values: withWeb(overrides) })).toMatch(message);
  });

  it('refuses in production a session secret under 256 bits, a placeholder or the development client secret', () => {
    for (const secrets of [
      { webSessionSecret: 'x'.repeat(40) },
      { webSessionSecret: `CHANGE-ME-${'0'.repeat(54)}` },
    ]) {
      expect(renderError({ values: productionNodeEnv(withWeb({ secrets })) })).toMatch(
        /secrets\.webSessionSecret \(WEB_SESSION_SECRET\) is a placeholder or shorter than 256 bits/,
      );
    }
    expect(
      renderError({
        values: productionNodeEnv(withWeb({ secrets: { webOidcClientSecret: 'sokoni-web-secret' } })),
      }),
    ).toMatch(/secrets\.webOidcClientSecret \(WEB_OIDC_CLIENT_SECRET\) is a placeholder or the development/);
    // 32 random bytes pass.
    expect(
      webObjects(
        renderChart({
          values: productionNodeEnv(withWeb({ secrets: { webSessionSecret: 'a1'.repeat(32) } })),
        }),
      ).length,
    ).toBeGreaterThan(0);
  });

  it('keeps the API’s /metrics out of reach: the web Ingress never shares the API’s host, nor routes to the API', () => {
    const values = withWeb({
      web: {
        ingress: {
          enabled: true,
          hosts: [{ host: 'api.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
        },
      },
    });
    const shared = { ...values, api: { ...values.api, ingress: { enabled: true } } };
    expect(renderError({ values: shared })).toMatch(
      /web\.ingress host "api\.example\.com" is also the API's/,
    );

    const objects = renderChart({
      values: {
        ...withWeb({ web: { ingress: { enabled: true } } }),
        api: { ...minimalValues().api, ingress: { enabled: true } },
      },
    });
    // Every Ingress path that leads to the API's Service is one of its public prefixes, never `/`.
    const toApi = objects
      .filter((object) => object.kind === 'Ingress')
      .flatMap((ingress) =>
        ingress.spec.rules.flatMap(
          (rule: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }) =>
            rule.http.paths,
        ),
      )
      .filter(
        (path: { backend: { service: { name: string } } }) => path.backend.service.name === 'sokoni-api',
      )
      .map((path: { path: string }) => path.path);
    expect(toApi.sort()).toEqual(['/admin', '/docs', '/v1']);
  });
});
