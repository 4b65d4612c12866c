import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/helm.ts';

// Providers cannot be downloaded everywhere bin/test runs, so formatting is what is checked here;
// CI adds `terraform init -backend=false`, `terraform validate` and tflint.
const terraformVersion = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const hasTerraform = terraformVersion.status === 0;

describe('infra/terraform', () => {
  it('is formatted as `terraform fmt` writes it', ({ skip }) => {
    skip(
      !hasTerraform,
      'no terraform binary on PATH: formatting of infra/terraform is not checked here (install Terraform >= 1.10; CI checks it)',
    );
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', '-diff', 'infra/terraform'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stdout, 'run `terraform fmt -recursive infra/terraform`').toBe('');
    expect(result.status).toBe(0);
  });
});
