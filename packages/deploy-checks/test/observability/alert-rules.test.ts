import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRuleGroups, recordedNames, rulesPath, runbookBase } from '../support/alert-rules.ts';
import { exportedSeriesNames } from '../support/exported-metrics.ts';
import { repoRoot } from '../support/helm.ts';
import { metricNamesIn } from '../support/promql.ts';
import { promtool } from '../support/promtool.ts';

const testsDir = 'observability/prometheus/tests';
const testFiles = readdirSync(`${repoRoot}${testsDir}`)
  .filter((name) => name.endsWith('.yml'))
  .map((name) => `${testsDir}/${name}`);
const groups = readRuleGroups();
const alerts = groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined));
const alertNames = [...new Set(alerts.map((rule) => rule.alert as string))];

interface AlertRuleTest {
  alertname: string;
  exp_alerts?: unknown[];
}
const alertTests: AlertRuleTest[] = testFiles.flatMap((file) => {
  const unitTests = parse(readFileSync(`${repoRoot}${file}`, 'utf8')) as {
    tests: { alert_rule_test?: AlertRuleTest[] }[];
  };
  return unitTests.tests.flatMap((test) => test.alert_rule_test ?? []);
});

/** GitHub's anchor of a Markdown heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('the Prometheus alert rules', () => {
  it('pass promtool check rules', () => {
    const result = promtool('check', 'rules', rulesPath);
    expect(result.output).toContain('SUCCESS');
    expect(result.status, result.output).toBe(0);
  });

  it('pass their unit tests (promtool test rules)', () => {
    expect(testFiles.length).toBeGreaterThanOrEqual(3);
    const result = promtool('test', 'rules', ...testFiles);
    expect(result.status, result.output).toBe(0);
  });

  it('fire each alert in a unit test, and show each quiet on a healthy signal', () => {
    for (const name of alertNames) {
      const tests = alertTests.filter((test) => test.alertname === name);
      expect(
        tests.some((test) => (test.exp_alerts ?? []).length > 0),
        `${name} fires in no test`,
      ).toBe(true);
      expect(
        tests.some((test) => (test.exp_alerts ?? []).length === 0),
        `${name} is shown quiet in no test`,
      ).toBe(true);
    }
  });

  it('fail their unit tests when an alert stops firing (the tests can fail)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'sokoni-rules-'));
    cpSync(`${repoRoot}${testsDir}`, join(copy, testsDir), { recursive: true });
    mkdirSync(join(copy, 'helm/sokoni/files/prometheus'), { recursive: true });
    const rules = readFileSync(`${repoRoot}${rulesPath}`, 'utf8');
    const broken = rules.replace('(sokoni_outbox_lag_seconds) > 60', '(sokoni_outbox_lag_seconds) > 6000');
    expect(broken).not.toBe(rules);
    writeFileSync(join(copy, rulesPath), broken);
    const result = promtool('test', 'rules', join(copy, testsDir, 'sms.test.yml'));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('SokoniOutboxLagHigh');
  });

  it('label each alert warning or critical and link it to its entry in docs/runbook.md', () => {
    const runbook = readFileSync(`${repoRoot}docs/runbook.md`, 'utf8');
    const anchors = new Set(
      [...runbook.matchAll(/^## (.+)$/gm)].map((match) => anchorOf(match[1] as string)),
    );
    expect(alertNames.length).toBeGreaterThanOrEqual(9);
    for (const rule of alerts) {
      const name = rule.alert as string;
      expect(['warning', 'critical'], name).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, name).toBeTruthy();
      expect(rule.annotations?.description, name).toBeTruthy();
      const url = rule.annotations?.runbook_url ?? '';
      expect(url, name).toBe(`${runbookBase}#${anchorOf(name)}`);
      expect(anchors.has(anchorOf(name)), `docs/runbook.md has no "## ${name}"`).toBe(true);
    }
  });

  it('have a runbook whose every alert entry names an alert that exists', () => {
    const runbook = readFileSync(`${repoRoot}docs/runbook.md`, 'utf8');
    const entries = [...runbook.matchAll(/^## (Sokoni\w+)$/gm)].map((match) => match[1]);
    expect(entries.sort()).toEqual([...alertNames].sort());
  });

  it('wait before paging, except for an account refusal, which stops every SMS at once', () => {
    for (const rule of alerts) {
      if (rule.alert === 'SokoniAfricasTalkingAccountError') {
        expect(rule.for).toBeUndefined();
      } else {
        expect(rule.for, rule.alert).toMatch(/^[1-9][0-9]*m$/);
      }
    }
  });

  it('name only metrics the API and the worker export (or the rules record, or up)', () => {
    const known = new Set([...exportedSeriesNames().all, ...recordedNames(groups)]);
    const expressions = groups.flatMap((group) => group.rules.map((rule) => rule.expr));
    for (const expression of expressions) {
      const names = metricNamesIn(expression);
      expect(names.length, expression).toBeGreaterThan(0);
      for (const name of names) {
        expect(known.has(name), `${name} in ${expression}`).toBe(true);
      }
    }
  });
});

describe('the compose Prometheus', () => {
  it('has a configuration promtool accepts', () => {
    const result = promtool('check', 'config', '--syntax-only', 'observability/prometheus/prometheus.yml');
    expect(result.status, result.output).toBe(0);
  });

  it('scrapes jobs named as the rules expect (ending in -api and -worker) and loads the mounted rules', () => {
    const config = parse(readFileSync(`${repoRoot}observability/prometheus/prometheus.yml`, 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; dns_sd_configs?: { names: string[]; port: number }[] }[];
    };
    const jobs = config.scrape_configs.map((scrape) => scrape.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['sokoni-api', 'sokoni-worker']));
    const worker = config.scrape_configs.find((scrape) => scrape.job_name === 'sokoni-worker');
    expect(worker?.dns_sd_configs?.[0]).toMatchObject({ names: ['worker'], port: 3003 });
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.yml']);
  });
});
