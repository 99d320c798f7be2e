export { ConfigError } from './errors';
export { loadRuntimeConfig, loadLocalConfig, runtimeSchema, localSchema, SECRET_SETTINGS } from './schema';
export type { RuntimeConfig, LocalConfig, Env } from './schema';
export { DEV_DEFAULTS, readDotenv, resolveLocalEnv } from './local-env';
