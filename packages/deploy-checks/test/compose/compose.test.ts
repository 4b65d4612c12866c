import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/helm.ts';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  deploy?: { replicas?: number };
  restart?: string;
  read_only?: boolean;
  cap_drop?: string[];
}

const compose = parse(readFileSync(`${repoRoot}docker-compose.yml`, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const envExample = readFileSync(`${repoRoot}.env.example`, 'utf8');
const appServices = ['migrate', 'idp', 'at-sim', 'api', 'worker'];

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
  it('has the whole system: postgres, redis, migrate, idp, at-sim, api, worker', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'at-sim',
      'idp',
      'migrate',
      'postgres',
      'redis',
      'worker',
    ]);
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
  });

  it('starts migrate after a healthy postgres, and api and worker only after migrate completed', () => {
    expect(services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(services[name]?.depends_on?.redis?.condition, name).toBe('service_healthy');
      expect(dependenciesOf(name).has('postgres'), name).toBe(true);
    }
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
});
