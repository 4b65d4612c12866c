import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase, listTestDatabases } from '../../src/databases.ts';
import { useTestEnvironment } from '../../src/fixtures.ts';

const server = inject('databaseServerUrl');
const template = inject('templateDatabase');

describe('the clones of a run', () => {
  it('are listed until they are dropped, which is how a run finds those left behind', async () => {
    const clone = await createTestDatabase(server, template);
    expect(clone.name.startsWith(template.replace('sokoni_template_', 'sokoni_test_'))).toBe(true);
    expect(await listTestDatabases(server, template)).toContain(clone.name);
    await clone.drop();
    expect(await listTestDatabases(server, template)).not.toContain(clone.name);
  });

  it('can be given to a test from inside the test, and are dropped when the file ends', async () => {
    // Not dropped here: the global setup fails the run should this one outlive the file.
    const environment = await useTestEnvironment();
    const name = new URL(environment.databaseUrl).pathname.slice(1);
    expect(await listTestDatabases(server, template)).toContain(name);
  });

  it('are dropped at once by dispose()', async () => {
    const environment = await useTestEnvironment();
    const name = new URL(environment.databaseUrl).pathname.slice(1);
    await environment.dispose();
    expect(await listTestDatabases(server, template)).not.toContain(name);
  });
});
