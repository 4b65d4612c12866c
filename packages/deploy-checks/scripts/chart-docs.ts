// Generates helm/sokoni/values.schema.json and the values table of helm/sokoni/README.md from
// the comments of values.yaml, so the three never disagree.
//
//   node packages/deploy-checks/scripts/chart-docs.ts           # exits 1 when a generated file is out of date
//   node packages/deploy-checks/scripts/chart-docs.ts --write  # rewrites them
//
// Convention in values.yaml: a key whose comment starts with `-- ` is a documented value (its
// whole value is one entry, even a map or a list); a key without one is a group whose
// children are documented.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, type Pair, parseDocument, type YAMLMap } from 'yaml';

export const chartDir = fileURLToPath(new URL('../../../helm/sokoni/', import.meta.url));

type JsonSchema = Record<string, unknown>;

export interface ValueEntry {
  path: string;
  description: string;
  defaultValue: unknown;
}

// Constraints beyond the type of the default value.
const constraints: Record<string, JsonSchema> = {
  'config.nodeEnv': { enum: ['development', 'test', 'production'] },
  'config.logLevel': { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  'config.queuePrefix': { pattern: '^[^:]+$', minLength: 1 },
  'config.databasePoolMax': { minimum: 1 },
  'config.defaultPhoneRegion': { pattern: '^[A-Z]{2}$' },
  'config.defaultCurrency': { pattern: '^[A-Z]{3}$' },
  'config.defaultLocale': { enum: ['en', 'sw'] },
  'config.shopName': { maxLength: 30 },
  'config.oidc.issuer': { pattern: '^(https?://.+)?$' },
  'config.africastalking.baseUrl': { pattern: '^https?://' },
  'config.africastalking.timeoutMs': { minimum: 100 },
  'secrets.databaseUrl': { pattern: '^(postgres(ql)?://.+)?$' },
  'secrets.redisUrl': { pattern: '^(rediss?://.+)?$' },
  'image.pullPolicy': { enum: ['Always', 'IfNotPresent', 'Never'] },
  'api.replicaCount': { minimum: 0 },
  'api.publicUrl': { pattern: '^(https?://.+)?$' },
  'api.service.type': { enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
  'api.service.port': { minimum: 1, maximum: 65535 },
  'api.autoscaling.minReplicas': { minimum: 1 },
  'api.preStopSleepSeconds': { minimum: 0 },
  'api.terminationGracePeriodSeconds': { minimum: 1 },
  'worker.replicaCount': { minimum: 0 },
  'worker.healthPort': { minimum: 1, maximum: 65535 },
  'worker.concurrency': { minimum: 1 },
  'worker.attempts': { minimum: 1 },
  'worker.rateLimit.max': { minimum: 1 },
  'worker.rateLimit.durationMs': { minimum: 1 },
  'worker.jobTimeoutMs': { minimum: 1000 },
  'worker.shutdownGraceMs': { minimum: 0 },
  'worker.preStopSleepSeconds': { minimum: 0 },
  'worker.terminationGracePeriodSeconds': { minimum: 1 },
  'worker.autoscaling.minReplicas': { minimum: 1 },
  // Checked again in validate.yaml with a longer explanation.
  'worker.keda.minReplicaCount': { minimum: 1 },
  'worker.keda.maxReplicaCount': { minimum: 1 },
  'worker.keda.listLength': { minimum: 1 },
  'worker.keda.trigger': { enum: ['prometheus', 'redis'] },
  'worker.keda.prometheus.serverAddress': { pattern: '^(https?://.+)?$' },
  'worker.keda.prometheus.queueDepthPerPod': { minimum: 1 },
  'worker.keda.prometheus.activationQueueDepth': { minimum: 0 },
  'worker.keda.prometheus.outboxLagSecondsPerPod': { minimum: 0 },
  'worker.keda.redis.databaseIndex': { minimum: 0 },
  'monitoring.serviceMonitor.interval': { pattern: '^[0-9]+(ms|s|m|h)$' },
  'monitoring.serviceMonitor.scrapeTimeout': { pattern: '^[0-9]+(ms|s|m|h)$' },
  'monitoring.prometheusRule.runbookBaseUrl': { pattern: '^https?://' },
  'networkPolicy.postgresPort': { minimum: 1, maximum: 65535 },
  'networkPolicy.redisPort': { minimum: 1, maximum: 65535 },
};

// Groups that mirror Kubernetes objects: extra Kubernetes fields are allowed there.
const openGroups = new Set([
  'podSecurityContext',
  'podSecurityContext.seccompProfile',
  'containerSecurityContext',
  'containerSecurityContext.capabilities',
  'containerSecurityContext.seccompProfile',
]);

// The yaml parser attaches a comment before a map's first key to the map itself.
function descriptionOf(pair: Pair, map: YAMLMap): string | undefined {
  const key = pair.key as { commentBefore?: string | null } | null;
  const comment = key?.commentBefore || (map.items[0] === pair ? map.commentBefore : '') || '';
  const line = comment
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text.startsWith('-- '));
  return line?.slice(3).trim();
}

function typeSchema(value: unknown): JsonSchema {
  if (Array.isArray(value)) {
    return { type: 'array' };
  }
  if (value !== null && typeof value === 'object') {
    return { type: 'object' };
  }
  if (typeof value === 'number') {
    return { type: Number.isInteger(value) ? 'integer' : 'number' };
  }
  if (typeof value === 'boolean') {
    return { type: 'boolean' };
  }
  return { type: 'string' };
}

interface Walked {
  schema: JsonSchema;
  entries: ValueEntry[];
}

function walk(map: YAMLMap, prefix: string): Walked {
  const properties: Record<string, JsonSchema> = {};
  const entries: ValueEntry[] = [];
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const path = prefix ? `${prefix}.${key}` : key;
    const description = descriptionOf(pair, map);
    if (description !== undefined) {
      const defaultValue = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
      properties[key] = { ...typeSchema(defaultValue), description, ...constraints[path] };
      entries.push({ path, description, defaultValue });
    } else if (isMap(pair.value)) {
      const child = walk(pair.value, path);
      properties[key] = child.schema;
      entries.push(...child.entries);
    } else {
      throw new Error(`values.yaml: ${path} has no "# -- description" comment`);
    }
  }
  const schema: JsonSchema = {
    type: 'object',
    properties,
    additionalProperties: openGroups.has(prefix),
  };
  return { schema, entries };
}

export function readValues(): Walked {
  const document = parseDocument(readFileSync(`${chartDir}values.yaml`, 'utf8'));
  if (!isMap(document.contents)) {
    throw new Error('values.yaml is not a map');
  }
  const walked = walk(document.contents, '');
  return {
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Values of the Sokoni chart',
      ...walked.schema,
      // Helm adds `global` for subcharts; allow it although this chart has none.
      properties: { ...(walked.schema.properties as object), global: { type: 'object' } },
    },
    entries: walked.entries,
  };
}

function markdownCell(value: unknown): string {
  const text = JSON.stringify(value);
  return `\`${text}\``.replaceAll('|', '\\|');
}

export function valuesTable(entries: ValueEntry[]): string {
  const rows = entries.map(
    (entry) =>
      `| \`${entry.path}\` | ${markdownCell(entry.defaultValue)} | ${entry.description.replaceAll('|', '\\|')} |`,
  );
  return ['| Value | Default | Description |', '|---|---|---|', ...rows].join('\n');
}

const BEGIN = '<!-- values:begin (generated by packages/deploy-checks/scripts/chart-docs.ts) -->';
const END = '<!-- values:end -->';

const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));

/** The text as the repository's formatter (Biome, which bin/test enforces) writes it. */
function formatted(path: string, text: string): string {
  return execFileSync(biome, ['format', `--stdin-file-path=${path}`], { input: text, encoding: 'utf8' });
}

export interface GeneratedFile {
  path: string;
  current: string;
  expected: string;
}

export function generatedFiles(): GeneratedFile[] {
  const { schema, entries } = readValues();
  const schemaPath = `${chartDir}values.schema.json`;
  const readmePath = `${chartDir}README.md`;
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md needs the markers ${BEGIN} and ${END}`);
  }
  const expectedReadme = `${readme.slice(0, start + BEGIN.length)}\n${valuesTable(entries)}\n${readme.slice(end)}`;
  let currentSchema = '';
  try {
    currentSchema = readFileSync(schemaPath, 'utf8');
  } catch {
    // Missing: reported as out of date.
  }
  return [
    {
      path: schemaPath,
      current: currentSchema,
      expected: formatted(schemaPath, JSON.stringify(schema, null, 2)),
    },
    { path: readmePath, current: readme, expected: formatted(readmePath, expectedReadme) },
  ];
}

if (import.meta.main) {
  const write = process.argv.includes('--write');
  let stale = 0;
  for (const file of generatedFiles()) {
    if (file.current === file.expected) {
      continue;
    }
    if (write) {
      writeFileSync(file.path, file.expected);
      console.log(`wrote ${file.path}`);
    } else {
      stale += 1;
      console.error(
        `${file.path} is out of date: run node packages/deploy-checks/scripts/chart-docs.ts --write`,
      );
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
