import type { Summary } from '../measure/stats.ts';

/** A figure with as many digits as it deserves: 3120, 41.5, 0.27. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toFixed(digits);
}

/** "310 (280–340)" for several samples, "310" for one. */
export function formatSummary(summary: Summary): string {
  const middle = formatNumber(summary.median);
  return summary.samples.length > 1
    ? `${middle} (${formatNumber(summary.min)}–${formatNumber(summary.max)})`
    : middle;
}
