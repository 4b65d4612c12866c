import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRuleGroups } from '../support/alert-rules.ts';
import { findObject, type KubeObject, minimalValues, renderChart, repoRoot } from '../support/helm.ts';
import { validateKubeObject } from '../support/kube-schemas.ts';

const monitoringKinds = ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'];

function withMonitoring(runbookBaseUrl?: string): KubeObject[] {
  return renderChart({
    values: {
      ...minimalValues(),
      monitoring: {
        labels: { release: 'kube-prometheus-stack' },
        serviceMonitor: { enabled: true },
        prometheusRule: { enabled: true, ...(runbookBaseUrl ? { runbookBaseUrl } : {}) },
        grafanaDashboard: { enabled: true },
      },
    },
  });
}

describe('the chart’s monitoring objects', () => {
  it('are all off by default', () => {
    const objects = renderChart({ values: minimalValues() });
    expect(objects.filter((object) => monitoringKinds.includes(object.kind))).toEqual([]);
    expect(objects.some((object) => object.metadata.labels?.grafana_dashboard !== undefined)).toBe(false);
  });

  it('render valid ServiceMonitor, PodMonitor, PrometheusRule and dashboard ConfigMap when on', () => {
    const objects = withMonitoring();
    for (const kind of monitoringKinds) {
      const object = objects.find((candidate) => candidate.kind === kind);
      expect(object, kind).toBeDefined();
      validateKubeObject(object as KubeObject);
      expect(object?.metadata.labels?.release, kind).toBe('kube-prometheus-stack');
    }
    validateKubeObject(findObject(objects, 'ConfigMap', '-dashboard'));
  });

  it('scrape the API through its Service and the worker pods, with jobs ending in -api and -worker', () => {
    const objects = withMonitoring();
    const service = findObject(objects, 'Service', '-api');
    const monitor = findObject(objects, 'ServiceMonitor', '-api');
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    const [endpoint] = monitor.spec.endpoints;
    expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(endpoint.port);
    expect(endpoint.path).toBe('/metrics');
    expect(endpoint.relabelings).toContainEqual({ targetLabel: 'job', replacement: 'sokoni-api' });
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['shop'] });

    const worker = findObject(objects, 'Deployment', '-worker').spec.template;
    const podMonitor = findObject(objects, 'PodMonitor', '-worker');
    expect(worker.metadata.labels).toMatchObject(podMonitor.spec.selector.matchLabels);
    const [podEndpoint] = podMonitor.spec.podMetricsEndpoints;
    expect(worker.spec.containers[0].ports.map((port: { name: string }) => port.name)).toContain(
      podEndpoint.port,
    );
    expect(podEndpoint.path).toBe('/metrics');
    expect(podEndpoint.relabelings).toContainEqual({ targetLabel: 'job', replacement: 'sokoni-worker' });
  });

  it('put the rules file in the PrometheusRule as it is, Prometheus templates untouched', () => {
    const rule = findObject(withMonitoring(), 'PrometheusRule', 'sokoni');
    expect(rule.spec.groups).toEqual(readRuleGroups());
    expect(JSON.stringify(rule.spec.groups)).toContain('{{ $value | humanizeDuration }}');
  });

  it('point every runbook_url at runbookBaseUrl', () => {
    const rule = findObject(
      withMonitoring('https://wiki.example.com/sokoni/runbook/'),
      'PrometheusRule',
      'sokoni',
    );
    const urls = rule.spec.groups.flatMap((group: { rules: { annotations?: { runbook_url?: string } }[] }) =>
      group.rules.flatMap((entry) => entry.annotations?.runbook_url ?? []),
    );
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) {
      expect(url).toMatch(/^https:\/\/wiki\.example\.com\/sokoni\/runbook#sokoni[a-z]+$/);
    }
  });

  it('give Grafana’s sidecar the dashboard file under the grafana_dashboard label', () => {
    const configMap = findObject(withMonitoring(), 'ConfigMap', '-dashboard');
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
    const dashboard = readFileSync(`${repoRoot}helm/sokoni/files/grafana/sokoni-dashboard.json`, 'utf8');
    expect(configMap.data?.['sokoni-dashboard.json']).toBe(dashboard.trimEnd());
  });
});
