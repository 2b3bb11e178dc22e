/**
 * The core's AppConfig for this run, from the managed configuration (loadManagedConfig.ts).
 *
 * The admin default identity server (the last step of DESIGN.md's resolution order) is the
 * managed config's `default_server_config["m.identity_server"].base_url`. The older
 * APP_DEFAULT_IDENTITY_SERVER environment variable (read by the browser bridge and the demo
 * too) still works as the lowest-priority fallback, below every config file. It goes through
 * the same URL check as every other identity-server URL; an unusable value is logged and
 * ignored. Config problems are logged here too; the window lists them (core/managed/
 * ManagedPolicy.ts, the managedSettings command).
 */
import type { AppConfig } from '../core/AppCore.js';
import { checkIdentityServerUrl } from '../core/identity/identityServerUrl.js';
import type { Logger } from '../core/platform.js';
import { emptyManagedConfig, type ManagedConfigResult } from './managedConfig.js';

export const DEFAULT_IDENTITY_SERVER_ENV = 'APP_DEFAULT_IDENTITY_SERVER';

export function readAppConfig(
  env: Record<string, string | undefined>,
  appVersion: string,
  log: Logger,
  managedConfig: ManagedConfigResult = emptyManagedConfig(),
): AppConfig {
  for (const problem of managedConfig.problems) log.warn('Managed config problem', { ...problem });
  const managedDefault =
    managedConfig.config.default_server_config?.['m.identity_server']?.base_url ?? null;
  return {
    appVersion,
    defaultIdentityServer: managedDefault ?? envDefaultIdentityServer(env, log),
    managedConfig,
  };
}

function envDefaultIdentityServer(env: Record<string, string | undefined>, log: Logger) {
  const raw = env[DEFAULT_IDENTITY_SERVER_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  const check = checkIdentityServerUrl(raw);
  if (check.ok) return check.url;
  log.warn(`Ignoring ${DEFAULT_IDENTITY_SERVER_ENV}`, { reason: check.reason });
  return null;
}
