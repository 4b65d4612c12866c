import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRuleGroups, recordedNames } from '../support/alert-rules.ts';
import { exportedSeriesNames } from '../support/exported-metrics.ts';
import { repoRoot } from '../support/helm.ts';
import { metricNamesIn, withGrafanaVariables } from '../support/promql.ts';
import { checkExpressions } from '../support/promtool.ts';

/** The one copy of the dashboard: the chart's ConfigMap and the compose Grafana load it. */
const dashboardPath = 'helm/sokoni/files/grafana/sokoni-dashboard.json';
/** Every query's data source: the one the `datasource` variable picks. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JavaScript template
const pickedPrometheus = { type: 'prometheus', uid: '${datasource}' };

interface Target {
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; definition?: string }[] };
}

const dashboard = JSON.parse(readFileSync(`${repoRoot}${dashboardPath}`, 'utf8')) as Dashboard;
const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
const targets = panels.flatMap((panel) => panel.targets ?? []);
const variableQueries = dashboard.templating.list.flatMap((variable) =>
  variable.type === 'query' && variable.definition ? [variable.definition] : [],
);

describe('the Grafana dashboard', () => {
  it('is JSON with a stable uid, a panel per query and unique panel ids', () => {
    expect(dashboard.uid).toBe('sokoni-overview');
    expect(dashboard.title).toBe('Sokoni');
    expect(panels.length).toBeGreaterThan(20);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('queries the Prometheus picked by its datasource variable, in every panel and query', () => {
    const datasource = dashboard.templating.list.find((variable) => variable.name === 'datasource');
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of panels) {
      expect(panel.datasource, panel.title).toEqual(pickedPrometheus);
    }
    for (const target of targets) {
      expect(target.datasource, target.expr).toEqual(pickedPrometheus);
    }
  });

  it('shows API RED, the SMS flow, queue depth, outbox lag and worker health', () => {
    const rows = dashboard.panels.filter((panel) => panel.type === 'row').map((panel) => panel.title);
    expect(rows).toEqual(
      expect.arrayContaining([
        'API: rate, errors, duration',
        'SMS flow',
        'Queue and outbox',
        'Worker health',
      ]),
    );
    const used = new Set(targets.flatMap((target) => metricNamesIn(withGrafanaVariables(target.expr))));
    for (const name of [
      'sokoni_http_request_duration_seconds_count',
      'sokoni_http_request_duration_seconds_bucket',
      'sokoni_notifications_finished_total',
      'sokoni_sms_accepted_to_report_seconds_count',
      'sokoni_sms_recipient_status_total',
      'sokoni_sms_cost_total',
      'sokoni_queue_jobs',
      'sokoni_outbox_lag_seconds',
      'up',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
    const queueStates = targets.find((target) => target.expr.includes('max by (state) (sokoni_queue_jobs'));
    expect(queueStates).toBeDefined();
  });

  it('has only queries that parse as PromQL (promtool)', () => {
    const expressions = [...targets.map((target) => target.expr), ...variableQueries]
      .map(withGrafanaVariables)
      // label_values() is Grafana's, not PromQL: its argument is the selector to check.
      .map((expression) => expression.replace(/^label_values\((.+), *\w+\)$/, '$1'));
    const result = checkExpressions(expressions);
    expect(result.status, result.output).toBe(0);
  });

  it('names only metrics the API and the worker export (or the alert rules record, or up)', () => {
    const known = new Set([...exportedSeriesNames().all, ...recordedNames(readRuleGroups())]);
    for (const target of targets) {
      const names = metricNamesIn(withGrafanaVariables(target.expr));
      expect(names.length, target.expr).toBeGreaterThan(0);
      for (const name of names) {
        expect(known.has(name), `${name} in ${target.expr}`).toBe(true);
      }
    }
  });

  it('would catch a misspelt metric name (the name check reads past functions, labels and durations)', () => {
    const expression =
      'sum by (code) (rate(sokoni_sms_recipient_statuz_total{code=~"40[15]", job=~".*-worker"}[5m])) * 60 / on (namespace) group_left up offset 1m > 1e3';
    expect(metricNamesIn(expression)).toEqual(['sokoni_sms_recipient_statuz_total', 'up']);
    expect(exportedSeriesNames().all.has('sokoni_sms_recipient_statuz_total')).toBe(false);
  });
});
