export * as fragments from './fragments.ts';
export { ConfigError, loadConfig } from './load-config.ts';
