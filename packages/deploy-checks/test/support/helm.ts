import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const chartDir = `${repoRoot}helm/sokoni/`;
const helmPath = `${repoRoot}.tools/ops/helm`;
const ensureScript = `${repoRoot}bin/lib/ensure-ops-tools.sh`;

/** A rendered Kubernetes object, loosely typed: tests read it by path. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are arbitrary nested YAML read by the assertions
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The helm binary of .tools/ops, installed by bin/lib/ensure-ops-tools.sh when absent.
 * Throws with the reason when it cannot be had: these tests never skip silently.
 */
export function ensureHelm(): string {
  if (!existsSync(helmPath)) {
    const result = spawnSync('bash', [ensureScript, 'helm'], { encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(helmPath)) {
      throw new Error(
        `helm is missing at ${helmPath} and bin/lib/ensure-ops-tools.sh could not install it:\n${result.stderr}`,
      );
    }
  }
  return helmPath;
}

export interface RenderOptions {
  /** Values files, relative to the chart folder. */
  valuesFiles?: string[];
  /** Values given last, through a temporary file (so `{sokoni}` stays a string, unlike with --set). */
  values?: Record<string, unknown>;
}

function helmArgs(options: RenderOptions): string[] {
  const args: string[] = [];
  for (const file of options.valuesFiles ?? []) {
    args.push('--values', `${chartDir}${file}`);
  }
  if (options.values) {
    const file = join(mkdtempSync(join(tmpdir(), 'sokoni-values-')), 'values.yaml');
    writeFileSync(file, stringify(options.values));
    args.push('--values', file);
  }
  return args;
}

/** `helm template` of the chart; returns every rendered object. Throws with helm's message on failure. */
export function renderChart(options: RenderOptions = {}): KubeObject[] {
  const output = execFileSync(
    ensureHelm(),
    ['template', 'sokoni', chartDir, '--namespace', 'shop', ...helmArgs(options)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(output)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** Renders and returns helm's error output; fails the test when rendering succeeds. */
export function renderError(options: RenderOptions = {}): string {
  const result = spawnSync(
    ensureHelm(),
    ['template', 'sokoni', chartDir, '--namespace', 'shop', ...helmArgs(options)],
    { encoding: 'utf8' },
  );
  if (result.status === 0) {
    throw new Error('expected helm template to fail, but it rendered');
  }
  return result.stderr;
}

/** Values that satisfy every required value, with placeholders that are not secrets. */
export const requiredValues = { valuesFiles: ['ci/lint-values.yaml'] } satisfies RenderOptions;

/** The required values alone (no optional feature switched on); placeholders, not secrets. */
export function minimalValues(): {
  config: Record<string, unknown>;
  api: { publicUrl: string };
  secrets: Record<string, string>;
} {
  return {
    config: { oidc: { issuer: 'https://login.example.com' }, africastalking: { username: 'sandbox' } },
    api: { publicUrl: 'https://api.example.com' },
    secrets: {
      databaseUrl: 'postgres://sokoni:placeholder@db:5432/sokoni',
      redisUrl: 'redis://redis:6379',
      atApiKey: 'placeholder',
      atWebhookSecret: 'test-only-webhook-0123456789abcdef0123456789abcdef',
      adminSessionSecret: 'test-only-session-0123456789abcdef0123456789abcdef',
    },
  };
}

export function findObject(objects: KubeObject[], kind: string, nameSuffix: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name.endsWith(nameSuffix));
  if (!found) {
    const names = objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ');
    throw new Error(`no ${kind} named *${nameSuffix} among: ${names}`);
  }
  return found;
}
