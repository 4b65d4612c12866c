import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  test: {
    include: ['apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    // The global setup runs the development OpenID provider as a process, as bin/dev does; the
    // workspace root says how, since @sokoni/testing depends on no app.
    provide: {
      idpCommand: [process.execPath, 'apps/idp/src/server.ts'],
      idpCwd: root,
    },
    // Each file gets its own database clone and queue prefix, so files run in parallel.
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['apps/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
      // The benchmarks drive the apps as processes; `pnpm bench` exercises them, not the suite.
      exclude: ['packages/bench/src/**'],
      reporter: ['text-summary', 'html', 'lcov'],
      thresholds: { lines: 85 },
    },
  },
});
