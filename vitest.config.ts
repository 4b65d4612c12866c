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
      // So does the chaos run (bin/test runs `bin/chaos --quick` after the suite, as a process):
      // its stack, traffic, faults and report are its own code, not the product's. Its
      // invariants (verify/), pure functions over what the run saw, are unit-tested here.
      exclude: [
        'packages/bench/src/**',
        'packages/chaos/src/{main,plan}.ts',
        'packages/chaos/src/{faults,report,stack,traffic}/**',
        'packages/chaos/src/verify/collect.ts',
      ],
      reporter: ['text-summary', 'html', 'lcov'],
      thresholds: { lines: 85 },
    },
  },
});
