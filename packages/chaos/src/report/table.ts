import { examples, type InvariantResult } from '../verify/invariant.ts';
import type { CutSend } from '../verify/sms-once.ts';

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** The invariant table: one row per invariant, PASS or the number of violations. */
export function renderInvariantTable(results: InvariantResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.checked,
    r.violations.length === 0 ? 'PASS' : `FAIL (${r.violations.length})`,
    r.notes[0] ?? '',
  ]);
  const header = ['invariant', 'checked', 'result', 'notes'];
  const widths = header.map((h, i) =>
    Math.max([...h].length, ...rows.map((row) => [...(row[i] ?? '')].length)),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => pad(cell, widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Everything the table's one line per row leaves out: the other notes and each violation. */
export function renderDetails(results: InvariantResult[], cut: CutSend[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const more = [...result.notes.slice(1), ...examples(result.violations, 20).map((v) => `VIOLATION: ${v}`)];
    if (more.length > 0) {
      lines.push(`${result.name}:`, ...more.map((m) => `  - ${m}`));
    }
  }
  lines.push(`sends cut mid-flight (a second SMS the honest promise allows): ${cut.length}`);
  for (const send of cut) {
    lines.push(`  - ${send.receivedAt} to ${send.to}: ${send.why}`);
  }
  return lines.join('\n');
}
