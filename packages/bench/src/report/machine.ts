import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { repoRoot } from '../stack/paths.ts';

const output = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', cwd: repoRoot }).trim();
  } catch {
    return 'unknown';
  }
};

/** What the figures were measured on. */
export function describeMachine(versions: { postgres: string; redis: string; pgbench: string }) {
  const autocannon = JSON.parse(
    readFileSync(new URL(import.meta.resolve('autocannon/package.json')), 'utf8'),
  ) as { version: string };
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: output('uname', ['-sr']),
    node: process.version,
    postgres: versions.postgres,
    redis: versions.redis,
    pgbench: versions.pgbench,
    autocannon: autocannon.version,
    loadAverageAtStart: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

/** The commit measured, and how many files of the apps and packages differ from it. */
export function currentCommit(): { commit: string; uncommittedFiles: number } {
  const changes = output('git', ['status', '--porcelain', '--', 'apps', 'packages']);
  return {
    commit: output('git', ['rev-parse', 'HEAD']),
    uncommittedFiles: changes === '' || changes === 'unknown' ? 0 : changes.split('\n').length,
  };
}

export function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
