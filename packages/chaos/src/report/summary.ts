import type { Disruption, RequestRecord } from '../verify/facts.ts';

/** The traffic in one line per kind of request: how many, and their answers. */
export function summariseTraffic(requests: RequestRecord[]): string {
  const byOp = new Map<string, Map<string, number>>();
  for (const request of requests) {
    const answers = byOp.get(request.op) ?? new Map<string, number>();
    const answer = request.status === null ? `no answer (${request.error ?? '?'})` : String(request.status);
    answers.set(answer, (answers.get(answer) ?? 0) + 1);
    byOp.set(request.op, answers);
  }
  return [...byOp.entries()]
    .map(([op, answers]) => {
      const total = [...answers.values()].reduce((a, b) => a + b, 0);
      const parts = [...answers.entries()].sort(([, a], [, b]) => b - a).map(([s, n]) => `${s}: ${n}`);
      return `  ${op.padEnd(7)} ${String(total).padStart(6)}  (${parts.join(', ')})`;
    })
    .join('\n');
}

/** The faults of the run, each with when it began (seconds into the run) and how long it lasted. */
export function summariseDisruptions(disruptions: Disruption[], startedAt: number): string {
  const counts = new Map<string, number>();
  const lines: string[] = [];
  for (const d of disruptions) {
    counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
    if (d.kind !== 'worker-stopped') {
      const length = d.end === undefined ? '' : ` (${((d.end - d.start) / 1000).toFixed(1)} s)`;
      lines.push(`  ${String(Math.round((d.start - startedAt) / 1000)).padStart(4)} s  ${d.detail}${length}`);
    }
  }
  const stops = counts.get('worker-stopped') ?? 0;
  return [...lines, `  workers stopped and started again: ${stops} times`].join('\n');
}
