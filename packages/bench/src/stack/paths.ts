import { fileURLToPath } from 'node:url';

/** The repository root: apps are started from their files there, as bin/dev starts them. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Logs of the processes a run starts (git-ignored). */
export const logDir = fileURLToPath(new URL('../../../../.data/bench/logs/', import.meta.url));

/** Where the committed results and the chart go. */
export const resultsFile = fileURLToPath(new URL('../../results/latest.json', import.meta.url));
export const quickResultsFile = fileURLToPath(new URL('../../results/quick.json', import.meta.url));
/** A run of some rows only (`--rows`): never committed. */
export const selectedResultsFile = fileURLToPath(new URL('../../results/selected.json', import.meta.url));
export const chartFile = fileURLToPath(new URL('../../../../docs/benchmarks-chart.svg', import.meta.url));
