import { describe, expect, it } from 'vitest';
import { findObject, type KubeObject, minimalValues, renderChart, renderError } from '../support/helm.ts';

interface IngressPath {
  path: string;
  pathType: string;
}

/** Whether an Ingress path routes `url`, as Kubernetes defines Exact and Prefix (element-wise). */
function routes(rule: IngressPath, url: string): boolean {
  if (rule.pathType === 'Exact') {
    return rule.path === url;
  }
  const prefix = rule.path.replace(/\/+$/, '');
  return prefix === '' || url === prefix || url.startsWith(`${prefix}/`);
}

function ingressPaths(objects: KubeObject[]): IngressPath[] {
  const ingress = findObject(objects, 'Ingress', '-api');
  return ingress.spec.rules.flatMap((rule: { http: { paths: IngressPath[] } }) => rule.http.paths);
}

function withIngress(paths?: IngressPath[]) {
  const values = minimalValues();
  return {
    ...values,
    api: {
      ...values.api,
      ingress: { enabled: true, ...(paths ? { hosts: [{ host: 'api.example.com', paths }] } : {}) },
    },
  };
}

describe('the API’s /metrics stays inside the cluster', () => {
  it('is not routed by the default Ingress, which routes the public surface', () => {
    const paths = ingressPaths(renderChart({ values: withIngress() }));
    for (const url of ['/metrics', '/metrics/', '/healthz', '/readyz']) {
      expect(
        paths.filter((rule) => routes(rule, url)),
        url,
      ).toEqual([]);
    }
    for (const url of [
      '/v1/orders',
      '/v1/webhooks/africastalking/delivery-reports/x',
      '/admin/queues',
      '/docs',
    ]) {
      expect(
        paths.some((rule) => routes(rule, url)),
        url,
      ).toBe(true);
    }
  });

  it.each([
    ['/', 'Prefix'],
    ['/metrics', 'Prefix'],
    ['/metrics', 'Exact'],
    ['/.*', 'ImplementationSpecific'],
    ['/v1', 'ImplementationSpecific'],
  ])('refuses an Ingress path that would or might route it: %s (%s)', (path, pathType) => {
    const error = renderError({
      values: withIngress([
        { path: '/v1', pathType: 'Prefix' },
        { path, pathType },
      ]),
    });
    expect(error).toMatch(/would route \/metrics, or might/);
  });

  it('is scraped on the API port through pod annotations, and NetworkPolicy lets only metricsFrom in', () => {
    const monitoring = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    };
    const objects = renderChart({
      values: { ...withIngress(), networkPolicy: { enabled: true, metricsFrom: [monitoring] } },
    });
    const api = findObject(objects, 'Deployment', '-api');
    expect(api.spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(findObject(objects, 'Service', '-api').spec.ports[0].port),
      'prometheus.io/path': '/metrics',
    });
    const policy = findObject(objects, 'NetworkPolicy', '-api');
    expect(policy.spec.ingress).toContainEqual({
      ports: [{ port: 'http', protocol: 'TCP' }],
      from: [monitoring],
    });
  });
});
