import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { repoRoot } from './helm.ts';

/** The one copy of the alert rules: the chart's PrometheusRule, compose and promtool load it. */
export const rulesPath = 'helm/sokoni/files/prometheus/sokoni.rules.yml';
/** What every runbook_url starts with in the file (the chart can point it elsewhere). */
export const runbookBase = 'https://github.com/sokoni/sokoni/blob/main/docs/runbook.md';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export function readRuleGroups(): RuleGroup[] {
  return (parse(readFileSync(`${repoRoot}${rulesPath}`, 'utf8')) as { groups: RuleGroup[] }).groups;
}

/** Names the rules record: queries may use them as they use the apps' own metrics. */
export function recordedNames(groups: RuleGroup[]): string[] {
  return groups.flatMap((group) => group.rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
}
