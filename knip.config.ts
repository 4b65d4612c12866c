import type { KnipConfig } from 'knip';

// knip finds unused files, exports and dependencies (bin/test fails on any). It follows imports
// from the entry points it learns from package.json scripts and exports and from vitest; what
// it cannot see is listed here, each with the reason: files run by path (from bash, another
// process or NODE_OPTIONS) and what is used by name outside the import graph.

// The deployment checks run `node apps/<app>/src/config.ts` to learn what an app reads. (Each
// app's process, src/server.ts or src/main.ts, is its package's `start` script.)
const configPrintedForDeployChecks = 'src/config.ts';

const config: KnipConfig = {
  workspaces: {
    '.': {
      // bin/lib/run-app pipes every app of bin/dev through pretty-logs.ts.
      entry: ['bin/lib/*.ts'],
      // bin/dev runs node_modules/.bin/concurrently and node_modules/maildev/bin/maildev, from
      // bash; pretty-logs.ts loads pino-pretty through the API's package, which depends on it.
      ignoreDependencies: ['concurrently', 'maildev', 'pino-pretty'],
    },
    'apps/api': {
      entry: [configPrintedForDeployChecks],
      // Named as a string: the logger's transport in development (server.ts), and what
      // bin/lib/pretty-logs.ts loads through the API's package.
      ignoreDependencies: ['pino-pretty'],
    },
    'apps/worker': { entry: [configPrintedForDeployChecks] },
    'apps/idp': { entry: [configPrintedForDeployChecks] },
    'apps/at-sim': { entry: [configPrintedForDeployChecks] },
    'apps/web': {
      entry: [configPrintedForDeployChecks],
      // Served as a file (app.ts: /vendor/htmx/htmx.min.js from the package's dist folder).
      ignoreDependencies: ['htmx.org'],
    },
    // `bin/dev reset` runs it (migrate.ts and seed.ts are package scripts).
    'packages/db': { entry: ['src/reset.ts'] },
    'packages/testing': {
      // spawn-service.ts loads orphan-guard.ts into every process it starts (NODE_OPTIONS
      // --import); the tests run the programs of test/fixtures as processes, one of them a
      // vitest of its own.
      entry: ['src/orphan-guard.ts', 'test/fixtures/**/*.ts'],
      // maildev-process.ts runs MailDev's program, found by resolving the package by name.
      ignoreDependencies: ['maildev'],
    },
    'packages/system-tests': {
      // test/web/web-stack.ts reads axe-core's axe.min.js by path, to run it in the browser's page.
      ignoreDependencies: ['axe-core'],
    },
    'packages/deploy-checks': {
      // test/support/exported-metrics.ts runs test/fixtures/print-exported-metrics.ts as a process.
      entry: ['test/fixtures/*.ts'],
      // scripts/chart-docs.ts formats what it writes with the workspace's own biome, by path.
      ignoreDependencies: ['biome'],
    },
  },
  // System binaries: Debian's redis-server, which packages/testing starts for tests, and terraform,
  // whose fmt check runs where it is installed (packages/deploy-checks/test/terraform).
  ignoreBinaries: ['redis-server', 'terraform'],
  rules: {
    // Services and factories export their type as `type XService = ReturnType<typeof createX>`:
    // the shape a caller names when it depends on one, kept whether or not one does yet.
    // Unused values, files and dependencies are still errors.
    types: 'off',
  },
};

export default config;
