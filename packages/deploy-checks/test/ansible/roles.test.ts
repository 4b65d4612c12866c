import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/helm.ts';

const read = (path: string) => readFileSync(`${repoRoot}ansible/${path}`, 'utf8');

/** The keys of the Secret the chart reads (templates/secret.yaml). */
const chartSecretKeys = [
  ...readFileSync(`${repoRoot}helm/sokoni/templates/secret.yaml`, 'utf8').matchAll(/^ {2}([A-Z_]+):/gm),
].map(([, key]) => key as string);

describe('the sokoni_compose_host role', () => {
  const defaults = parse(read('roles/sokoni_compose_host/defaults/main.yml')) as Record<string, string>;
  const env = read('roles/sokoni_compose_host/templates/env.j2');

  it('runs the production profile only: no development part, no default pointing at one', () => {
    expect(env).toMatch(/^NODE_ENV=production$/m);
    expect(env).not.toMatch(/COMPOSE_PROFILES/);
    expect(JSON.stringify(defaults)).not.toMatch(/idp:3001|at-sim:3002|localhost:300[12]/);
    expect(defaults.sokoni_oidc_issuer).toBe('');
    expect(defaults.sokoni_at_base_url).toBe('https://api.africastalking.com');
  });

  it('refuses to run without an https issuer and strong secrets', () => {
    const tasks = read('roles/sokoni_compose_host/tasks/main.yml');
    expect(tasks).toContain("sokoni_oidc_issuer is match('https://')");
    expect(tasks).toContain("sokoni_at_base_url is match('https://')");
    expect(tasks).toContain('vault_sokoni_admin_session_secret | length >= 64');
    expect(tasks).toContain('vault_sokoni_at_webhook_secret | length >= 64');
    expect(tasks).toContain('vault_sokoni_web_session_secret | length >= 64');
    // compose refuses to start without the web app's secrets: the role writes them.
    expect(env).toMatch(/^WEB_SESSION_SECRET=\{\{ vault_sokoni_web_session_secret \}\}$/m);
    expect(env).toMatch(/^WEB_OIDC_CLIENT_SECRET=\{\{ vault_sokoni_web_oidc_client_secret \}\}$/m);
  });
});

describe('the sokoni_helm role', () => {
  it('checks every key of the Secret it writes before writing it', () => {
    const tasks = read('roles/sokoni_helm/tasks/main.yml');
    expect(chartSecretKeys.length).toBeGreaterThanOrEqual(5);
    for (const key of chartSecretKeys) {
      const vaultName = `vault_sokoni_${key.toLowerCase()}`;
      expect(tasks, key).toContain(`${key}: "{{ ${vaultName} }}"`);
      expect(tasks, key).toMatch(new RegExp(`- ${vaultName} is defined and ${vaultName} \\| length`));
    }
  });
});

describe('the vault examples', () => {
  it.each(['single-host', 'staging', 'production'])(
    'of %s hold only placeholders the apps refuse',
    (inventory) => {
      const vault = parse(read(`inventories/${inventory}/group_vars/all/vault.example.yml`)) as Record<
        string,
        string
      >;
      for (const [name, value] of Object.entries(vault)) {
        expect(value, name).toContain('CHANGE-ME');
      }
    },
  );
});
