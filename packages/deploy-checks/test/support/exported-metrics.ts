import { execFileSync } from 'node:child_process';
import { repoRoot } from './helm.ts';

interface RegisteredMetric {
  name: string;
  type: string;
}

/** The series names Prometheus sees for one registered metric. */
function seriesNames({ name, type }: RegisteredMetric): string[] {
  if (type === 'histogram') {
    return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  }
  if (type === 'summary') {
    return [name, `${name}_sum`, `${name}_count`];
  }
  return [name];
}

/**
 * Every series name the API and the worker export on /metrics, as their own registries list
 * them (test/fixtures/print-exported-metrics.ts, run as a process), plus `up`, which Prometheus
 * adds to every target.
 */
export function exportedSeriesNames(): ExportedSeries {
  exported ??= readExportedSeries();
  return exported;
}

interface ExportedSeries {
  api: Set<string>;
  worker: Set<string>;
  all: Set<string>;
}
let exported: ExportedSeries | undefined;

function readExportedSeries(): ExportedSeries {
  const output = execFileSync(
    process.execPath,
    ['packages/deploy-checks/test/fixtures/print-exported-metrics.ts'],
    { cwd: repoRoot, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' },
  );
  const registries = JSON.parse(output) as { api: RegisteredMetric[]; worker: RegisteredMetric[] };
  const api = new Set(registries.api.flatMap(seriesNames));
  const worker = new Set(registries.worker.flatMap(seriesNames));
  return { api, worker, all: new Set(['up', ...api, ...worker]) };
}
