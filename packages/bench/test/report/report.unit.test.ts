import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/measure/stats.ts';
import { niceCeiling, renderChart } from '../../src/report/chart.ts';
import { formatNumber, formatSummary } from '../../src/report/format.ts';
import { renderMarkdownTable } from '../../src/report/markdown.ts';
import { type BenchResults, judge, type RowResult } from '../../src/report/results.ts';
import { renderTable } from '../../src/report/table.ts';

const row = (overrides: Partial<Omit<RowResult, 'met'>> = {}): Omit<RowResult, 'met'> => ({
  id: 'orders-post-c32',
  row: 1,
  label: 'POST /v1/orders, 32 connections',
  unit: 'orders/s',
  figure: summarize([300, 280, 320]),
  baseline: { label: 'pgbench', figure: summarize([1000]) },
  ratio: 0.3,
  target: { kind: 'ratio-at-least', text: '≥ 0.6×', value: 0.6 },
  notes: [],
  violations: [],
  ...overrides,
});

describe('judging a row against its target', () => {
  it('compares the ratio for ratio targets', () => {
    expect(judge(row()).met).toBe(false);
    expect(judge(row({ ratio: 0.7 })).met).toBe(true);
    expect(
      judge(row({ ratio: 1.3, target: { kind: 'ratio-at-most', text: '≤ 1.2×', value: 1.2 } })).met,
    ).toBe(false);
  });

  it('compares the median for absolute targets', () => {
    const latency = { unit: 'ms', target: { kind: 'at-most', text: '≤ 20 ms', value: 20 } } as const;
    expect(judge(row({ ...latency, figure: summarize([12]) })).met).toBe(true);
    expect(judge(row({ ...latency, figure: summarize([25]) })).met).toBe(false);
  });

  it('counts any violation as a miss, and a missing figure as a miss', () => {
    expect(judge(row({ ratio: 0.9, violations: ['3 orders answered 2xx are missing'] })).met).toBe(false);
    expect(judge(row({ ratio: Number.NaN })).met).toBe(false);
    expect(judge(row({ target: undefined })).met).toBeNull();
  });
});

const results: BenchResults = {
  mode: 'full',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationS: 600,
  commit: '0123456789abcdef',
  uncommittedFiles: 0,
  machine: { cpus: 2, loadAverageAtStart: '0.50 0.40 0.30' },
  settings: {},
  rows: [judge(row({ violations: ['2 answers were 503'] }))],
  cpuPerThousandOrders: { api: 3.5, postgres: null, redis: 0.2 },
  series: [
    { name: 'POST /v1/orders', baseline: false, points: [{ connections: 32, throughput: 300, p99: 200 }] },
    { name: 'pgbench <lean>', baseline: true, points: [{ connections: 32, throughput: 1000, p99: 40 }] },
  ],
};

describe('the report', () => {
  it('formats figures with the digits they deserve', () => {
    expect(formatNumber(3120.4)).toBe('3120');
    expect(formatNumber(41.53)).toBe('41.5');
    expect(formatNumber(0.271)).toBe('0.27');
    expect(formatSummary(summarize([300, 280, 320]))).toBe('300 (280–320)');
  });

  it('prints every row with its figure, baseline, ratio, target and verdict, then its violations', () => {
    const table = renderTable(results);
    expect(table).toContain('POST /v1/orders, 32 connections');
    expect(table).toMatch(/300 \(280–320\) orders\/s\s+1000\s+0\.30×\s+≥ 0\.6×\s+MISSED \(violations\)/);
    expect(table).toContain('orders-post-c32: VIOLATION 2 answers were 503');
    expect(table).toContain('api 3.50 s, postgres n/a, redis 0.20 s');
  });

  it('writes the same rows as a Markdown table for the docs', () => {
    const markdown = renderMarkdownTable(results);
    expect(markdown).toContain(
      '| 1 | POST /v1/orders, 32 connections | 300 (280–320) orders/s | 1000: pgbench | 0.30× | ≥ 0.6× | **missed (violations)** |',
    );
    expect(markdown).toContain('api 3.50 s, postgres n/a, redis 0.20 s');
  });

  it('rounds chart axes up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(3100)).toBe(5000);
    expect(niceCeiling(180)).toBe(200);
    expect(niceCeiling(0)).toBe(1);
  });

  it('draws both panels and a legend, escaping names', () => {
    const svg = renderChart(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Throughput');
    expect(svg).toContain('p99 latency');
    expect(svg).toContain('pgbench &lt;lean&gt; (baseline)');
    expect(svg.match(/<polyline/g)).toHaveLength(4);
  });
});
