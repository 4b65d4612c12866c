import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readValues } from '../../scripts/chart-docs.ts';
import { appEnvironment } from '../support/app-environment.ts';
import {
  findObject,
  type KubeObject,
  minimalValues,
  renderChart,
  renderError,
  repoRoot,
} from '../support/helm.ts';

// Every place that names an environment variable with a default (.env.example, docker-compose.yml,
// the chart's values, the README tables) must name a variable the app reads, with the app's
// default: a default that drifts is fixed in the app's config, not in the document.

// What each app reads, as it prints it (defaults it computes when loading included).
const apps = Object.fromEntries(
  (['api', 'worker', 'at-sim', 'idp', 'web'] as const).map((app) => [
    app,
    new Map(appEnvironment(app).map((variable) => [variable.name, variable])),
  ]),
);

function readers(name: string, among = Object.keys(apps)): string[] {
  return among.filter((app) => apps[app]?.has(name));
}

/** The app's default as the environment would spell it; undefined when it has none. */
function defaultOf(app: string, name: string): string | undefined {
  return apps[app]?.get(name)?.default;
}

function requiredWithoutDefault(app: string): string[] {
  return [...(apps[app]?.values() ?? [])]
    .filter((variable) => variable.required)
    .map((variable) => variable.name);
}

const read = (path: string) => readFileSync(`${repoRoot}${path}`, 'utf8');

// ── docker-compose.yml and .env.example ──

interface ComposeService {
  environment?: Record<string, string | number>;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** `${NAME:-value}` of a compose service's environment: the default compose gives the app. */
function composeDefault(service: string, name: string): string | undefined {
  const value = compose.services[service]?.environment?.[name];
  const match = typeof value === 'string' ? /^\$\{([A-Z0-9_]+):-(.*)\}$/.exec(value) : null;
  return match?.[1] === name ? match[2] : undefined;
}

/** `${NAME:?message}`: compose refuses to start without it, so .env.example leaves it empty. */
function composeRequires(service: string, name: string): boolean {
  const value = compose.services[service]?.environment?.[name];
  return typeof value === 'string' && value.startsWith(`\${${name}:?`);
}

// Compose differs from the apps' defaults on purpose here; each reason is compose's own.
const composeSettings: Record<string, string> = {
  NODE_ENV: 'compose runs the production images',
  // Required by compose: the apps' defaults are the development stand-ins, never production's.
  AT_BASE_URL: "Africa's Talking, or the dev profile's simulator",
  OIDC_ISSUER: "the operator's provider, or the dev profile's idp",
  SHUTDOWN_GRACE_MS: "matched to the worker service's stop_grace_period",
};

const envExampleLines = [...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(
  ([, name, value]) => ({ name: name as string, value: (value as string).trim() }),
);

describe('.env.example and docker-compose.yml', () => {
  it('show, for every variable the API, the worker or the web app reads, the default that app runs with under compose', () => {
    const drift: string[] = [];
    for (const { name, value } of envExampleLines) {
      for (const app of readers(name, ['api', 'worker', 'web'])) {
        const expected = composeRequires(app, name)
          ? ''
          : (composeDefault(app, name) ?? defaultOf(app, name) ?? '');
        if (value !== expected) {
          drift.push(`${name}=${value} in .env.example, but the ${app} runs with "${expected}"`);
        }
      }
    }
    expect(envExampleLines.length).toBeGreaterThan(40);
    expect(drift).toEqual([]);
  });

  it('leaves every secret empty in .env.example', () => {
    const secrets = new Set([
      ...requiredWithoutDefault('api'),
      ...requiredWithoutDefault('worker'),
      ...requiredWithoutDefault('web'),
    ]);
    // Compose builds these two from POSTGRES_PASSWORD and REDIS_PASSWORD.
    secrets.delete('DATABASE_URL');
    secrets.delete('REDIS_URL');
    const shown = envExampleLines.filter((line) => secrets.has(line.name));
    expect(shown.map((line) => line.name).sort()).toEqual([...secrets].sort());
    expect(shown.filter((line) => line.value !== '')).toEqual([]);
  });

  it.each(['api', 'worker', 'web'])(
    'give the %s the defaults of its own config, unless compose needs another',
    (app) => {
      const drift = Object.keys(compose.services[app]?.environment ?? {})
        .filter((name) => !(name in composeSettings))
        .map((name) => ({ name, composes: composeDefault(app, name), own: defaultOf(app, name) }))
        .filter(({ composes, own }) => composes !== undefined && own !== undefined && composes !== own)
        .map(({ name, composes, own }) => `${name}: compose ${composes}, ${app} ${own}`);
      expect(drift).toEqual([]);
    },
  );
});

// ── the Helm chart ──

// Values whose description names the variable they set ("SMS_CONCURRENCY: SMS jobs…").
const chartVariables = readValues()
  .entries.map((entry) => ({
    path: entry.path,
    name: /^([A-Z][A-Z0-9_]+)(?: \(required\))?:/.exec(entry.description)?.[1],
    value: entry.defaultValue,
  }))
  .filter((entry): entry is { path: string; name: string; value: unknown } => entry.name !== undefined);

// The chart differs from the apps' defaults on purpose here.
const chartSettings: Record<string, string> = {
  NODE_ENV: 'the chart deploys production',
  AT_BASE_URL: "live Africa's Talking rather than the simulator",
  SHUTDOWN_GRACE_MS: 'checked against terminationGracePeriodSeconds and jobTimeoutMs at render',
  // Empty in values.yaml and required by templates/validate.yaml: a cluster has no sensible default.
  OIDC_ISSUER: 'required by the chart',
  AT_USERNAME: 'required by the chart',
  PUBLIC_URL: 'required by the chart',
};

describe("the chart's values", () => {
  it('name only variables the apps read', () => {
    expect(chartVariables.length).toBeGreaterThan(15);
    const unknown = chartVariables.filter((entry) => readers(entry.name).length === 0);
    expect(unknown.map((entry) => `${entry.path}: ${entry.name}`)).toEqual([]);
  });

  it("default to the apps' own defaults, or to nothing where the app has none", () => {
    const drift: string[] = [];
    for (const { path, name, value } of chartVariables.filter((entry) => !(entry.name in chartSettings))) {
      for (const app of readers(name)) {
        const own = defaultOf(app, name);
        const charted = value === '' ? undefined : String(value);
        if (charted !== own) {
          drift.push(`${path} (${name}) is ${JSON.stringify(value)}, the ${app}'s default ${own}`);
        }
      }
    }
    expect(drift).toEqual([]);
  });

  it('fail to render without api.publicUrl, which a cluster cannot guess', () => {
    const values = minimalValues();
    const message = renderError({ values: { ...values, api: { publicUrl: '' } } });
    expect(message).toContain('api.publicUrl is required');
  });
});

function containerOf(objects: KubeObject[], component: string) {
  return findObject(objects, 'Deployment', `-${component}`).spec.template.spec.containers[0];
}

/** Variables a Deployment's container gets: its ConfigMap's keys, its Secret references, its own values. */
function podVariables(objects: KubeObject[], component: string) {
  const env = (containerOf(objects, component).env ?? []) as {
    name: string;
    valueFrom?: { secretKeyRef?: unknown };
  }[];
  const configMap = findObject(objects, 'ConfigMap', `-${component}`);
  return {
    configured: Object.keys(configMap.data ?? {}),
    fromSecret: env.filter((variable) => variable.valueFrom?.secretKeyRef).map((variable) => variable.name),
    inline: env.filter((variable) => !variable.valueFrom).map((variable) => variable.name),
  };
}

/** DATABASE_URL → databaseUrl, the chart's name under `secrets`. */
function secretValueName(key: string): string {
  return key.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

describe('the rendered chart', () => {
  const objects = renderChart({ values: minimalValues() });

  it.each(['api', 'worker'])('gives the %s only variables it reads, and every one it requires', (app) => {
    const { configured, fromSecret, inline } = podVariables(objects, app);
    const given = [...configured, ...fromSecret, ...inline];
    expect(given.filter((name) => readers(name, [app]).length === 0)).toEqual([]);
    expect(requiredWithoutDefault(app).filter((name) => !given.includes(name))).toEqual([]);
  });

  it('fails to render without each secret a pod reads', () => {
    const keys = new Set([
      ...podVariables(objects, 'api').fromSecret,
      ...podVariables(objects, 'worker').fromSecret,
    ]);
    expect(keys.size).toBeGreaterThanOrEqual(5);
    for (const key of keys) {
      const values = minimalValues();
      const message = renderError({
        values: { ...values, secrets: { ...values.secrets, [secretValueName(key)]: '' } },
      });
      expect(message, key).toContain(`secrets.${secretValueName(key)} (${key}`);
    }
  });

  it("gives the API the worker's SMS_ATTEMPTS, so jobs the API adds retry as often as the relay's", () => {
    const rendered = renderChart({ values: { ...minimalValues(), worker: { attempts: 5 } } });
    expect(findObject(rendered, 'ConfigMap', '-api').data?.SMS_ATTEMPTS).toBe('5');
    expect(findObject(rendered, 'ConfigMap', '-worker').data?.SMS_ATTEMPTS).toBe('5');
  });
});

// ── the README tables ──

describe('README.md, the app READMEs and docs/authentication.md', () => {
  // Root README: "| api | `DATABASE_URL`, …, `DEFAULT_PHONE_REGION` (KE), … |"
  const configuration = read('README.md').split('## Configuration')[1]?.split('\n## ')[0] ?? '';
  const rows = [...configuration.matchAll(/^\| (api|worker|web|idp|at-sim)\b[^|]*\|(.*)\|$/gm)].map(
    ([, app, cell]) => ({ app: app as string, cell: cell as string }),
  );

  it('README.md lists variables each app reads, with its defaults', () => {
    expect(rows.map((row) => row.app)).toEqual(['api', 'worker', 'web', 'idp', 'at-sim']);
    const drift: string[] = [];
    for (const { app, cell } of rows) {
      for (const [, name, shown] of cell.matchAll(/`([A-Z][A-Z0-9_]*\*?)`(?: \(([^)]+)\))?/g)) {
        const variable = name as string;
        const known = variable.endsWith('*')
          ? [...(apps[app]?.keys() ?? [])].some((n) => n.startsWith(variable.slice(0, -1)))
          : readers(variable, [app]).length > 0;
        if (!known) {
          drift.push(`${app}: ${variable} is not read`);
        } else if (shown !== undefined && shown !== defaultOf(app, variable)) {
          drift.push(`${app}: ${variable} (${shown}), default ${defaultOf(app, variable)}`);
        }
      }
    }
    expect(drift).toEqual([]);
  });

  it.each(['api', 'worker', 'web'])('README.md lists every variable the %s requires', (app) => {
    const cell = rows.find((row) => row.app === app)?.cell ?? '';
    expect(requiredWithoutDefault(app).filter((name) => !cell.includes(`\`${name}\``))).toEqual([]);
  });

  // "| `VAR` | `default` | meaning |" tables; "unset" and "none: required" mean no default.
  it.each([
    ['docs/authentication.md', 'api and web'],
    ['apps/at-sim/README.md', 'at-sim'],
    ['apps/idp/README.md', 'idp'],
  ])('%s shows the %s defaults', (path, names) => {
    const among = names.split(' and ');
    const table = [...read(path).matchAll(/^\| `([A-Z][A-Z0-9_]*)` +\| ([^|]+)\|/gm)];
    expect(table.length).toBeGreaterThan(2);
    const drift: string[] = [];
    for (const [, name, cell] of table) {
      const variable = name as string;
      const literal = /^`([^`]*)`/.exec((cell as string).trim())?.[1];
      const app = readers(variable, among)[0];
      const own = app === undefined ? undefined : defaultOf(app, variable);
      if (app === undefined) {
        drift.push(`${variable} is not read by the ${names}`);
      } else if (literal === undefined ? own !== undefined : !literal.includes('<') && literal !== own) {
        drift.push(`${variable}: ${(cell as string).trim()}, default ${own}`);
      }
    }
    expect(drift).toEqual([]);
  });
});
