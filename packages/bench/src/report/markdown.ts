import { formatNumber, formatSummary } from './format.ts';
import type { BenchResults } from './results.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The results as the Markdown table of docs/benchmarks.md. */
export function renderMarkdownTable(results: BenchResults): string {
  const lines = [
    '| # | measurement | figure (median, range) | baseline | ratio | target | result |',
    '|---|---|---|---|---|---|---|',
    ...results.rows
      .map((row) =>
        [
          row.row,
          cell(row.label),
          `${formatSummary(row.figure)} ${row.unit}`,
          row.baseline ? cell(`${formatSummary(row.baseline.figure)}: ${row.baseline.label}`) : '—',
          row.ratio === undefined ? '—' : `${formatNumber(row.ratio)}×`,
          row.target?.text ?? '—',
          row.met === null
            ? '—'
            : row.met
              ? 'met'
              : row.violations.length > 0
                ? '**missed (violations)**'
                : 'missed',
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ];
  const cpu = Object.entries(results.cpuPerThousandOrders)
    .map(([name, seconds]) => `${name} ${seconds === null ? 'n/a' : `${formatNumber(seconds)} s`}`)
    .join(', ');
  return [...lines, '', `CPU seconds per 1 000 orders (POST /v1/orders without a key): ${cpu}.`].join('\n');
}
