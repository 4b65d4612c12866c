import type { Summary } from '../measure/stats.ts';

/**
 * What a row promises: `ratio-*` compare the ratio (figure / baseline, or as the row defines it),
 * `at-*` compare the figure's median itself.
 */
export interface Target {
  text: string;
  kind: 'ratio-at-least' | 'ratio-at-most' | 'at-least' | 'at-most';
  value: number;
}

export interface RowResult {
  /** Stable key of the row, e.g. `orders-post-c32`. */
  id: string;
  /** The row of the Targets table in docs/benchmarks.md it answers. */
  row: number;
  label: string;
  unit: string;
  figure: Summary;
  baseline?: { label: string; figure: Summary };
  /** figure / baseline unless `ratioMeaning` says otherwise. */
  ratio?: number;
  ratioMeaning?: string;
  target?: Target;
  /** Whether the target is met: null when there is no target; false whenever a violation was counted. */
  met: boolean | null;
  notes: string[];
  /** Broken promises counted after the load (missing or duplicate rows, lost or repeated SMS, errors). */
  violations: string[];
}

interface SeriesPoint {
  connections: number;
  /** Answers (or transactions) per second, median of the run's samples. */
  throughput: number;
  /** p99 latency in ms, median of the run's samples. */
  p99: number;
}

export interface Series {
  name: string;
  /** A baseline is drawn dashed. */
  baseline: boolean;
  points: SeriesPoint[];
}

export interface BenchResults {
  mode: 'full' | 'quick';
  startedAt: string;
  durationS: number;
  commit: string;
  /** Files under apps/ and packages/ that differed from `commit` when the run started. */
  uncommittedFiles: number;
  machine: Record<string, string | number>;
  /** What differs from production defaults, and the sizes of this run. */
  settings: Record<string, string | number>;
  rows: RowResult[];
  /** CPU seconds per 1 000 orders placed through POST /v1/orders (no Idempotency-Key), by process. */
  cpuPerThousandOrders: Record<string, number | null>;
  series: Series[];
}

/** Decides `met` from the target, the figure and the ratio; any violation is a miss. */
export function judge(row: Omit<RowResult, 'met'>): RowResult {
  const { target } = row;
  if (!target) {
    return { ...row, met: row.violations.length > 0 ? false : null };
  }
  const subject = target.kind.startsWith('ratio') ? row.ratio : row.figure.median;
  let met = subject !== undefined && Number.isFinite(subject);
  if (met && subject !== undefined) {
    met = target.kind.endsWith('at-least') ? subject >= target.value : subject <= target.value;
  }
  return { ...row, met: met && row.violations.length === 0 };
}
