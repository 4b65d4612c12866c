export { describeEnvironment, type EnvironmentVariable } from './describe-environment.ts';
export * as fragments from './fragments.ts';
export { ConfigError, loadConfig } from './load-config.ts';
