import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/helm.ts';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  profiles?: string[];
  environment?: Record<string, string | number>;
  deploy?: { replicas?: number };
  restart?: string;
  read_only?: boolean;
  cap_drop?: string[];
  volumes?: string[];
}

const compose = parse(readFileSync(`${repoRoot}docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const envExample = readFileSync(`${repoRoot}.env.example`, 'utf8');
const appServices = ['migrate', 'idp', 'at-sim', 'api', 'worker', 'web'];
/** The development stand-ins: whoever reaches apps/idp gets a token with every staff scope. */
const developmentServices = ['idp', 'at-sim'];

/** Services `name` waits for, directly or through the services it waits for. */
function dependenciesOf(name: string, seen = new Set<string>()): Set<string> {
  for (const dependency of Object.keys(services[name]?.depends_on ?? {})) {
    if (!seen.has(dependency)) {
      seen.add(dependency);
      dependenciesOf(dependency, seen);
    }
  }
  return seen;
}

describe('docker-compose.yml', () => {
  it('has the whole system: postgres, redis, migrate, idp, at-sim, maildev, api, worker, web, prometheus, grafana', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'at-sim',
      'grafana',
      'idp',
      'maildev',
      'migrate',
      'postgres',
      'prometheus',
      'redis',
      'web',
      'worker',
    ]);
  });

  it('adds Prometheus and Grafana in the `observability` profile, provisioned from the chart’s rules and dashboard', () => {
    for (const name of ['prometheus', 'grafana']) {
      expect(services[name]?.profiles, name).toEqual(['observability']);
      // Pinned to a release, never a moving tag.
      expect(services[name]?.image, name).toMatch(/:v?\d+\.\d+\.\d+$/);
    }
    const mounts = (name: string) => (services[name]?.volumes ?? []).map((volume) => volume.split(':'));
    expect(mounts('prometheus')).toContainEqual([
      './helm/sokoni/files/prometheus',
      '/etc/prometheus/rules',
      'ro',
    ]);
    expect(mounts('prometheus')).toContainEqual([
      './observability/prometheus/prometheus.yml',
      '/etc/prometheus/prometheus.yml',
      'ro',
    ]);
    expect(mounts('grafana')).toContainEqual([
      './helm/sokoni/files/grafana',
      '/etc/grafana/dashboards',
      'ro',
    ]);
    expect(mounts('grafana')).toContainEqual([
      './observability/grafana/provisioning',
      '/etc/grafana/provisioning',
      'ro',
    ]);
    for (const [source] of [...mounts('prometheus'), ...mounts('grafana')]) {
      if (source?.startsWith('./')) {
        expect(existsSync(`${repoRoot}${source.slice(2)}`), source).toBe(true);
      }
    }
    const provider = readFileSync(
      `${repoRoot}observability/grafana/provisioning/dashboards/sokoni.yml`,
      'utf8',
    );
    expect(provider).toContain('path: /etc/grafana/dashboards');
    // Viewers without a login, and no login form whose default admin password would be known.
    expect(services.grafana?.environment).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
      GF_AUTH_DISABLE_LOGIN_FORM: 'true',
      GF_AUTH_BASIC_ENABLED: 'false',
    });
  });

  it('gives every service an image, and every app service a build target of the Dockerfile', () => {
    const dockerfile = readFileSync(`${repoRoot}Dockerfile`, 'utf8');
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, name).toBeTruthy();
    }
    for (const name of appServices) {
      const build = services[name]?.build as { context: string; target: string };
      expect(build.context, name).toBe('.');
      expect(dockerfile, `Dockerfile target ${build.target}`).toMatch(
        new RegExp(`^FROM runtime AS ${build.target}$`, 'm'),
      );
    }
    // The migrations run from the API image, as in the Helm chart.
    expect(services.migrate?.image).toBe(services.api?.image);
    expect(services.migrate?.command).toEqual(['node', 'packages/db/src/migrate.ts']);
  });

  it('health-checks every long-running service; migrate is one-shot', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'migrate') {
        expect(service.healthcheck?.disable).toBe(true);
        expect(service.restart).toBe('no');
      } else {
        expect(service.healthcheck?.test, name).toBeDefined();
      }
    }
    expect(JSON.stringify(services.api?.healthcheck?.test)).toContain('/readyz');
    expect(JSON.stringify(services.worker?.healthcheck?.test)).toContain('3003/readyz');
    expect(JSON.stringify(services.web?.healthcheck?.test)).toContain('3004/readyz');
  });

  it('starts migrate after a healthy postgres, and api and worker only after migrate completed', () => {
    expect(services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(services[name]?.depends_on?.redis?.condition, name).toBe('service_healthy');
      expect(dependenciesOf(name).has('postgres'), name).toBe(true);
    }
    // The web pages call the API over the compose network and keep their sessions in Redis.
    expect(services.web?.depends_on?.api?.condition).toBe('service_healthy');
    expect(services.web?.depends_on?.redis?.condition).toBe('service_healthy');
    expect(services.web?.environment?.WEB_API_URL).toBe('http://api:3000');
    for (const name of Object.keys(services)) {
      expect(dependenciesOf(name).has(name), `${name} depends on itself`).toBe(false);
    }
  });

  it('runs Redis with noeviction and AOF, as BullMQ requires', () => {
    const command = services.redis?.command?.join(' ') ?? '';
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--appendonly yes');
  });

  it('runs two workers and hardens every app container', () => {
    expect(services.worker?.deploy?.replicas).toBe(2);
    for (const name of appServices) {
      expect(services[name]?.read_only, name).toBe(true);
      expect(services[name]?.cap_drop, name).toEqual(['ALL']);
    }
  });

  it('has no default secrets: each one is required from .env and documented, empty, in .env.example', () => {
    const text = readFileSync(`${repoRoot}docker-compose.yml`, 'utf8');
    for (const secret of [
      'POSTGRES_PASSWORD',
      'REDIS_PASSWORD',
      'AT_API_KEY',
      'AT_WEBHOOK_SECRET',
      'ADMIN_SESSION_SECRET',
      'WEB_SESSION_SECRET',
      'WEB_OIDC_CLIENT_SECRET',
    ]) {
      expect(text).toContain(`\${${secret}:?`);
      expect(text).not.toMatch(new RegExp(`\\$\\{${secret}:-`));
      expect(envExample).toMatch(new RegExp(`^${secret}=$`, 'm'));
    }
  });

  it('documents in .env.example every variable the file reads', () => {
    const text = readFileSync(`${repoRoot}docker-compose.yml`, 'utf8');
    const variables = new Set([...text.matchAll(/\$\{([A-Z_]+)[:}]/g)].map((match) => match[1]));
    expect(variables.size).toBeGreaterThan(10);
    for (const variable of variables) {
      expect(envExample, variable).toMatch(new RegExp(`^(# )?${variable}=`, 'm'));
    }
  });

  it('runs the development provider and the simulator only in the `dev` profile', () => {
    for (const name of developmentServices) {
      expect(services[name]?.profiles, name).toEqual(['dev']);
    }
    const production = Object.keys(services).filter((name) => services[name]?.profiles === undefined);
    expect(production.sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'web', 'worker']);
    // A production service may wait for a dev one only when it is there (required: false).
    for (const name of production) {
      for (const [dependency, condition] of Object.entries(services[name]?.depends_on ?? {})) {
        if (developmentServices.includes(dependency)) {
          expect(condition.required, `${name} → ${dependency}`).toBe(false);
        }
      }
    }
  });

  it('gives the production services no default that points at a development part', () => {
    for (const name of ['api', 'worker', 'migrate', 'web']) {
      const environment = JSON.stringify(services[name]?.environment ?? {});
      expect(environment, name).not.toMatch(/idp:3001|at-sim:3002|localhost:300[12]|sokoni-web-secret/);
    }
    expect(services.api?.environment?.OIDC_ISSUER).toMatch(/^\$\{OIDC_ISSUER:\?/);
    expect(services.web?.environment?.OIDC_ISSUER).toMatch(/^\$\{OIDC_ISSUER:\?/);
    expect(services.worker?.environment?.AT_BASE_URL).toMatch(/^\$\{AT_BASE_URL:\?/);
    expect(services.idp?.environment?.IDP_DEVELOPMENT_MODE).toBe('true');
    expect(envExample).toMatch(/^OIDC_ISSUER=$/m);
    expect(envExample).toMatch(/^AT_BASE_URL=$/m);
  });
});

describe('docker/init-env.sh', () => {
  function initEnv(...args: string[]): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'sokoni-init-env-'));
    mkdirSync(join(dir, 'docker'));
    copyFileSync(`${repoRoot}docker/init-env.sh`, join(dir, 'docker/init-env.sh'));
    copyFileSync(`${repoRoot}.env.example`, join(dir, '.env.example'));
    execFileSync('sh', [join(dir, 'docker/init-env.sh'), ...args], { stdio: 'pipe' });
    const text = readFileSync(join(dir, '.env'), 'utf8');
    return Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map(([, key, value]) => [key, value]));
  }

  it('generates 256-bit secrets and leaves the provider and gateway for the operator to set', () => {
    const env = initEnv();
    for (const secret of [
      'POSTGRES_PASSWORD',
      'REDIS_PASSWORD',
      'AT_WEBHOOK_SECRET',
      'ADMIN_SESSION_SECRET',
      'WEB_SESSION_SECRET',
    ]) {
      expect(env[secret], secret).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(env.OIDC_ISSUER).toBe('');
    // The web app's client secret is the operator's provider's to give.
    expect(env.WEB_OIDC_CLIENT_SECRET).toBe('');
    expect(env.AT_BASE_URL).toBe('');
    expect(env.COMPOSE_PROFILES).toBeUndefined();
  });

  it('with --dev, writes a development .env that runs the dev profile against the bundled stand-ins', () => {
    const env = initEnv('--dev');
    expect(env).toMatchObject({
      COMPOSE_PROFILES: 'dev',
      NODE_ENV: 'development',
      OIDC_ISSUER: 'http://idp:3001',
      AT_BASE_URL: 'http://at-sim:3002',
      WEB_OIDC_CLIENT_SECRET: 'sokoni-web-secret',
    });
    expect(env.ADMIN_SESSION_SECRET).toMatch(/^[0-9a-f]{64}$/);
  });
});
