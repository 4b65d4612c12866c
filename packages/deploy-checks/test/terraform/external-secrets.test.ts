import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  ensureHelm,
  findObject,
  type KubeObject,
  minimalValues,
  renderChart,
  repoRoot,
} from '../support/helm.ts';

// Terraform writes one Secrets Manager secret and External Secrets copies it into the Secrets the
// chart reads by name. The chart cannot look inside an existing Secret, so a key missing on this
// path shows only as pods that never start: these tests keep the three lists equal.
const moduleDir = `${repoRoot}infra/terraform/modules/sokoni/`;

function renderSecretsSync(): KubeObject[] {
  const output = execFileSync(
    ensureHelm(),
    [
      'template',
      'sync',
      `${moduleDir}charts/sokoni-external-secrets`,
      '--set',
      'aws.region=eu-west-1',
      '--set',
      'aws.secretName=sokoni/test/app',
      '--set',
      'serviceAccount.name=sokoni-secrets-reader',
      '--set',
      'serviceAccount.roleArn=arn:aws:iam::123456789012:role/sokoni-test-secrets-reader',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(output)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** Keys of `app_secret_values` in secrets.tf: the JSON object Terraform stores. */
function terraformSecretKeys(): string[] {
  const source = readFileSync(`${moduleDir}secrets.tf`, 'utf8');
  const block = source.match(/app_secret_values = \{\n([\s\S]*?)\n {2}\}/);
  if (!block?.[1]) {
    throw new Error('no app_secret_values block in infra/terraform/modules/sokoni/secrets.tf');
  }
  return [...block[1].matchAll(/^ {4}([A-Z_]+)\s+=/gm)].map((match) => match[1] as string).sort();
}

interface RemoteRef {
  secretKey: string;
  remoteRef: { key: string; property: string };
}

describe('secrets from Terraform to the chart (External Secrets)', () => {
  const synced = renderSecretsSync();

  it('fills every key of the chart’s Secret (the web pages’ included), and only those', () => {
    const values = minimalValues();
    const withWeb = {
      ...values,
      secrets: { ...values.secrets, webSessionSecret: 'w'.repeat(64), webOidcClientSecret: 'client-secret' },
      web: { enabled: true, publicUrl: 'https://shop.example.com' },
    };
    const chartSecret = findObject(renderChart({ values: withWeb }), 'Secret', 'sokoni');
    const chartKeys = Object.keys(chartSecret.stringData ?? {}).sort();
    const appSecret = findObject(synced, 'ExternalSecret', 'sokoni-secrets');

    expect(appSecret.spec.target.name).toBe('sokoni-secrets');
    expect(appSecret.spec.data.map((entry: RemoteRef) => entry.secretKey).sort()).toEqual(chartKeys);
  });

  it('reads only properties that Terraform stores in the secret it names', () => {
    const stored = terraformSecretKeys();
    const referenced = synced
      .filter((object) => object.kind === 'ExternalSecret')
      .flatMap((object) => object.spec.data as RemoteRef[]);

    expect(referenced.length).toBeGreaterThan(0);
    for (const entry of referenced) {
      expect(entry.remoteRef.key).toBe('sokoni/test/app');
      expect(stored).toContain(entry.remoteRef.property);
    }
  });

  it('gives KEDA the Redis password under the key the chart’s TriggerAuthentication reads', () => {
    const chartValues = readFileSync(`${repoRoot}helm/sokoni/values.yaml`, 'utf8');
    const defaultKey = chartValues.match(/passwordSecret:[\s\S]*?key: (\S+)/)?.[1];
    const redisSecret = findObject(synced, 'ExternalSecret', 'sokoni-redis');

    expect(redisSecret.spec.data.map((entry: RemoteRef) => entry.secretKey)).toEqual([defaultKey]);
  });

  it('reads them with a namespaced SecretStore through the IRSA ServiceAccount', () => {
    const store = findObject(synced, 'SecretStore', 'aws-secrets-manager');
    const account = findObject(synced, 'ServiceAccount', 'sokoni-secrets-reader');

    expect(store.spec.provider.aws.service).toBe('SecretsManager');
    expect(store.spec.provider.aws.auth.jwt.serviceAccountRef.name).toBe(account.metadata.name);
    expect(account.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::/);
  });
});
