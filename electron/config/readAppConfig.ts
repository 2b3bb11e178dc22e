/**
 * The core's AppConfig for this run. The admin default identity server (the last step of
 * DESIGN.md's resolution order) comes from the APP_DEFAULT_IDENTITY_SERVER environment
 * variable, the same one the browser bridge and the demo read (test/bridge/cli.ts), which a
 * managed deployment can set system-wide. It goes through the same URL check as every other
 * identity-server URL; an unusable value is logged and ignored.
 */
import type { AppConfig } from '../core/AppCore.js';
import { checkIdentityServerUrl } from '../core/identity/identityServerUrl.js';
import type { Logger } from '../core/platform.js';

export const DEFAULT_IDENTITY_SERVER_ENV = 'APP_DEFAULT_IDENTITY_SERVER';

export function readAppConfig(
  env: Record<string, string | undefined>,
  appVersion: string,
  log: Logger,
): AppConfig {
  return { appVersion, defaultIdentityServer: defaultIdentityServer(env, log) };
}

function defaultIdentityServer(env: Record<string, string | undefined>, log: Logger) {
  const raw = env[DEFAULT_IDENTITY_SERVER_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  const check = checkIdentityServerUrl(raw);
  if (check.ok) return check.url;
  log.warn(`Ignoring ${DEFAULT_IDENTITY_SERVER_ENV}`, { reason: check.reason });
  return null;
}
