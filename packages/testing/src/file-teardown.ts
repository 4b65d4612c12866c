import { afterAll } from 'vitest';

const teardowns: Array<() => unknown> = [];

// Registered when this module is first imported, which is while vitest collects the test file:
// the only moment `afterAll` is honoured (vitest silently drops one called from a hook or a
// test). Registered first, it runs last, after the file's own afterAll hooks.
afterAll(async () => {
  const failures: unknown[] = [];
  // Last registered, first undone: processes stop before the database they use is dropped.
  for (let teardown = teardowns.pop(); teardown; teardown = teardowns.pop()) {
    try {
      await teardown();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} teardown(s) of this test file failed`);
  }
});

/**
 * Runs `teardown` once the test file is done, whether its tests passed or not. Unlike
 * `afterAll`, it may be called from anywhere: the top level, a `beforeAll`, a test.
 */
export function onFileFinished(teardown: () => unknown): void {
  teardowns.push(teardown);
}
