import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from './helm.ts';

const ensureScript = `${repoRoot}bin/lib/ensure-ops-tools.sh`;

function whichPromtool(): string | null {
  const result = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * promtool, from Debian's `prometheus` package, installed by bin/lib/ensure-ops-tools.sh when
 * absent (bin/test installs it first). Throws with the reason when it cannot be had: these tests
 * never skip silently.
 */
function ensurePromtool(): string {
  const found = whichPromtool();
  if (found) {
    return found;
  }
  const result = spawnSync('bash', [ensureScript, 'promtool'], { encoding: 'utf8' });
  const installed = whichPromtool();
  if (result.status !== 0 || !installed) {
    throw new Error(
      `promtool is missing and bin/lib/ensure-ops-tools.sh could not install it:\n${result.stderr}`,
    );
  }
  return installed;
}

export interface PromtoolResult {
  status: number | null;
  output: string;
}

/** Runs promtool with `args` from the repository root; returns its exit status and all it printed. */
export function promtool(...args: string[]): PromtoolResult {
  const result = spawnSync(ensurePromtool(), args, { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Checks that each expression parses as PromQL, with promtool: they become the recording rules
 * of a throw-away rules file. Returns promtool's answer.
 */
export function checkExpressions(expressions: string[]): PromtoolResult {
  const file = join(mkdtempSync(join(tmpdir(), 'sokoni-promql-')), 'expressions.yml');
  const rules = expressions.map((expr, index) => ({ record: `check:expression_${index}`, expr }));
  writeFileSync(file, stringify({ groups: [{ name: 'expressions', rules }] }));
  return promtool('check', 'rules', file);
}
