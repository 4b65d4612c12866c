export { describeEnvironment, type EnvironmentVariable } from './describe-environment.ts';
export * as fragments from './fragments.ts';
export { ConfigError, loadConfig } from './load-config.ts';
export {
  allowInsecureHttp,
  estimatedSecretBits,
  insecureUrlWarnings,
  isPlaceholder,
  SECRET_MIN_BITS,
  secretProblems,
  transportProblems,
} from './production-rules.ts';
