import { formatNumber, formatSummary } from './format.ts';
import type { BenchResults, RowResult } from './results.ts';

function verdict(row: RowResult): string {
  if (row.met === null) {
    return '—';
  }
  return row.met ? 'met' : row.violations.length > 0 ? 'MISSED (violations)' : 'missed';
}

function cells(row: RowResult): string[] {
  return [
    String(row.row),
    row.label,
    `${formatSummary(row.figure)} ${row.unit}`,
    row.baseline ? formatSummary(row.baseline.figure) : '—',
    row.ratio === undefined ? '—' : `${formatNumber(row.ratio)}×`,
    row.target?.text ?? '—',
    verdict(row),
  ];
}

const HEADER = ['#', 'measurement', 'figure (median, range)', 'baseline', 'ratio', 'target', 'result'];

/** The plain-text table printed at the end of a run, then the notes and violations of each row. */
export function renderTable(results: BenchResults): string {
  const table = [HEADER, ...results.rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const lines = table.map((line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));

  const details = results.rows.flatMap((row) => [
    ...row.notes.map((note) => `  ${row.id}: ${note}`),
    ...(row.baseline ? [`  ${row.id}: baseline = ${row.baseline.label}`] : []),
    ...(row.ratioMeaning ? [`  ${row.id}: ratio = ${row.ratioMeaning}`] : []),
    ...row.violations.map((violation) => `  ${row.id}: VIOLATION ${violation}`),
  ]);
  const cpu = Object.entries(results.cpuPerThousandOrders)
    .map(([name, seconds]) => `${name} ${seconds === null ? 'n/a' : `${formatNumber(seconds)} s`}`)
    .join(', ');
  const measured =
    results.uncommittedFiles > 0
      ? `${results.commit.slice(0, 9)} with ${results.uncommittedFiles} uncommitted files in apps/ and packages/`
      : results.commit.slice(0, 9);
  return [
    `pnpm bench (${results.mode}) of ${measured}, ${results.machine.cpus} CPUs, load average ${results.machine.loadAverageAtStart} at the start`,
    '',
    ...lines,
    '',
    `CPU seconds per 1 000 orders (POST /v1/orders, no key): ${cpu}`,
    '',
    ...details,
  ].join('\n');
}
