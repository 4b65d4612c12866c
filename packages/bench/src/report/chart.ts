import type { BenchResults, Series } from './results.ts';

// An SVG of throughput and p99 latency against concurrency (rows 1–3 and their baselines), drawn
// from the results JSON by hand: no browser or plotting library needed.

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
const PANEL = { width: 440, height: 300, left: 64, right: 16, top: 40, bottom: 44 };

/** The smallest 1, 2 or 5 × 10^k at or above `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(options: {
  x: number;
  title: string;
  unit: string;
  series: Series[];
  value: (point: Series['points'][number]) => number;
  connections: number[];
}): string {
  const { x, series, connections } = options;
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const top = niceCeiling(
    Math.max(...series.flatMap((line) => line.points.map(options.value)).filter(Number.isFinite)) * 1.05,
  );
  const xOf = (c: number) => {
    const index = connections.indexOf(c);
    return (
      x +
      PANEL.left +
      (connections.length === 1 ? plotWidth / 2 : (index / (connections.length - 1)) * plotWidth)
    );
  };
  const yOf = (v: number) => PANEL.top + plotHeight - (Math.min(v, top) / top) * plotHeight;
  const parts: string[] = [
    `<text x="${x + PANEL.width / 2}" y="22" text-anchor="middle" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<text x="${x + 14}" y="${PANEL.top + plotHeight / 2}" transform="rotate(-90 ${x + 14} ${PANEL.top + plotHeight / 2})" text-anchor="middle">${escapeXml(options.unit)}</text>`,
  ];
  for (let i = 0; i <= 4; i += 1) {
    const value = (top / 4) * i;
    const y = yOf(value);
    parts.push(
      `<line x1="${x + PANEL.left}" x2="${x + PANEL.left + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${x + PANEL.left - 6}" y="${y + 4}" text-anchor="end">${Number(value.toPrecision(3))}</text>`,
    );
  }
  for (const c of connections) {
    parts.push(`<text x="${xOf(c)}" y="${PANEL.top + plotHeight + 18}" text-anchor="middle">${c}</text>`);
  }
  parts.push(
    `<text x="${x + PANEL.left + plotWidth / 2}" y="${PANEL.height - 6}" text-anchor="middle">connections</text>`,
  );
  series.forEach((line, index) => {
    const color = COLORS[index % COLORS.length];
    const points = line.points
      .filter((point) => Number.isFinite(options.value(point)))
      .map((point) => `${xOf(point.connections).toFixed(1)},${yOf(options.value(point)).toFixed(1)}`);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2"${line.baseline ? ' stroke-dasharray="6 4"' : ''} points="${points.join(' ')}"/>`,
      ...points.map((point) => {
        const [cx, cy] = point.split(',');
        return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${color}"/>`;
      }),
    );
  });
  return parts.join('\n');
}

/** The chart of docs/benchmarks.md as SVG text. */
export function renderChart(results: BenchResults): string {
  const series = results.series;
  const connections = [
    ...new Set(series.flatMap((line) => line.points.map((point) => point.connections))),
  ].sort((a, b) => a - b);
  const legendTop = PANEL.height + 8;
  const width = PANEL.width * 2;
  const height = legendTop + series.length * 18 + 30;
  const legend = series.map((line, index) => {
    const y = legendTop + index * 18;
    const color = COLORS[index % COLORS.length];
    return [
      `<line x1="${PANEL.left}" x2="${PANEL.left + 28}" y1="${y + 6}" y2="${y + 6}" stroke="${color}" stroke-width="2"${line.baseline ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${PANEL.left + 36}" y="${y + 10}">${escapeXml(line.name)}${line.baseline ? ' (baseline)' : ''}</text>`,
    ].join('\n');
  });
  const caption = `pnpm bench (${results.mode}), ${results.startedAt.slice(0, 10)}, commit ${results.commit.slice(0, 9)}${results.uncommittedFiles > 0 ? ' + uncommitted changes' : ''}, ${results.machine.cpus} CPUs: medians of alternated runs`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(`Throughput and p99 latency against concurrency: ${caption}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    panel({
      x: 0,
      title: 'Throughput',
      unit: 'answers or transactions per second',
      series,
      value: (p) => p.throughput,
      connections,
    }),
    panel({ x: PANEL.width, title: 'p99 latency', unit: 'ms', series, value: (p) => p.p99, connections }),
    ...legend,
    `<text x="${PANEL.left}" y="${height - 10}" fill="#555">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
