/**
 * The managed configuration for this run: the one call Electron main (and the browser bridge)
 * makes at start. Reads the system file, the user's file and the explicit file, in that order
 * of increasing precedence, with the system file's locks (mergeConfigSources.ts). Never throws;
 * everything wrong is in `problems`.
 */
import {
  explicitConfigPath,
  systemConfigPath,
  userConfigPath,
  type Env,
} from './configLocations.js';
import { emptyManagedConfig, type ManagedConfigResult } from './managedConfig.js';
import { mergeConfigSources, type ConfigSource } from './mergeConfigSources.js';

export interface LoadManagedConfigOptions {
  platform: NodeJS.Platform;
  env: Env;
  argv: readonly string[];
  /** Electron's `app.getPath('userData')`; null where there is no user profile (a test run). */
  userDataDir: string | null;
  /** Tests point this at a temporary folder; the app uses the OS location. */
  systemConfigFile?: string;
  cwd?: string;
}

export function loadManagedConfig(options: LoadManagedConfigOptions): ManagedConfigResult {
  try {
    return loadSources(options);
  } catch (error) {
    // Each step already turns what it meets into problems; this is the backstop for a bug, so
    // that the app still starts, with defaults, and says why.
    const result = emptyManagedConfig();
    const detail = error instanceof Error ? error.message : String(error);
    result.problems.push({
      path: '(managed config)',
      key: null,
      message: `not applied: ${detail}`,
    });
    return result;
  }
}

function loadSources(options: LoadManagedConfigOptions): ManagedConfigResult {
  const sources: ConfigSource[] = [
    {
      role: 'system',
      path: options.systemConfigFile ?? systemConfigPath(options.platform, options.env),
    },
  ];
  if (options.userDataDir !== null) {
    sources.push({ role: 'user', path: userConfigPath(options.userDataDir) });
  }
  const explicit = explicitConfigPath(options.argv, options.env, options.cwd ?? process.cwd());
  if (explicit.kind === 'file') {
    sources.push({ role: 'explicit', path: explicit.path, namedBy: explicit.namedBy });
  }

  const result = mergeConfigSources(sources);
  if (explicit.kind === 'invalid') {
    result.problems.unshift({ path: explicit.namedBy, key: null, message: explicit.message });
  }
  return result;
}
