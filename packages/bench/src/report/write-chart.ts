// `pnpm --filter @sokoni/bench report`: draws docs/benchmarks-chart.svg again from
// results/latest.json and prints the results as the Markdown table of docs/benchmarks.md
// (pnpm bench draws the chart itself after every full run).
import { readFileSync, writeFileSync } from 'node:fs';
import { chartFile, resultsFile } from '../stack/paths.ts';
import { renderChart } from './chart.ts';
import { renderMarkdownTable } from './markdown.ts';
import type { BenchResults } from './results.ts';

export function writeChart(results: BenchResults): void {
  writeFileSync(chartFile, renderChart(results));
}

if (import.meta.main) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
  writeChart(results);
  console.log(renderMarkdownTable(results));
}
