/** One row of the table: what was checked, over how many things, and what broke it. */
export interface InvariantResult {
  name: string;
  /** How many things it looked at (orders, notifications, requests…), with the unit. */
  checked: string;
  violations: string[];
  /** What the reader should know besides pass or fail (counts, the cut sends). */
  notes: string[];
}

/** Lists at most `max` examples, then how many more there are. */
export function examples(lines: string[], max = 10): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `… and ${lines.length - max} more`];
}
