export { ConfigError, loadConfig } from './load-config.ts';
export * as fragments from './fragments.ts';
