/** Words of PromQL that are not metric names where they stand (operators and modifiers). */
const keywords = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/** Clauses whose parentheses hold label names, not expressions. */
const labelListClause = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

/**
 * The metric names an expression selects: every identifier that is not a function, an
 * aggregation, a keyword, a label name or part of a string, a label matcher, a duration or a
 * number. The expression must parse (promtool checks that separately); this only reads names.
 */
export function metricNamesIn(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '')
    .replace(labelListClause, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const [word] = match;
    const before = stripped[match.index - 1] ?? ' ';
    const after = stripped.slice(match.index + word.length).trimStart();
    // A unit or an exponent of a number (5m, 1e3), a function or aggregation call, a keyword.
    if (/[0-9.]/.test(before) || after.startsWith('(') || keywords.has(word.toLowerCase())) {
      continue;
    }
    names.add(word);
  }
  return [...names].sort();
}

/** Grafana's variables replaced by values PromQL accepts, so a panel's query can be parsed. */
export function withGrafanaVariables(expression: string): string {
  return expression
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$__interval', '1m')
    .replaceAll('$__range', '1h')
    .replace(/\$\{?[a-zA-Z_]+\}?/g, '.*');
}
