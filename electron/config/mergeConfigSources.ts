/**
 * Precedence and locks. Sources apply in order (system file, user file, explicit file); a later
 * source replaces an earlier one's value key by key (a whole top-level value: objects are not
 * merged, so a user's `proxy` never inherits half of the administrator's). The system file alone
 * may lock keys, with a top-level `"locked": ["key", ...]` list; a later file that sets a locked
 * key is named as a problem and that value is ignored. A locked key the system file does not
 * set stays at its built-in default.
 */
import { dirname } from 'node:path';
import {
  emptyManagedConfig,
  LOCKED_KEY,
  MANAGED_CONFIG_KEYS,
  type ConfigProblem,
  type ManagedConfig,
  type ManagedConfigKey,
  type ManagedConfigResult,
} from './managedConfig.js';
import type { ReadContext } from './configKeyReaders.js';
import { KEY_READERS } from './managedConfigSchema.js';
import { readConfigFile } from './readConfigFile.js';

export type ConfigSourceRole = 'system' | 'user' | 'explicit';

export interface ConfigSource {
  role: ConfigSourceRole;
  path: string;
  /** Set for a file somebody named on purpose (`--config`): unlike the others, it must exist. */
  namedBy?: string;
}

export function mergeConfigSources(sources: readonly ConfigSource[]): ManagedConfigResult {
  const { config, problems, sources: read } = emptyManagedConfig();
  const locked = new Set<ManagedConfigKey>();
  let systemPath: string | null = null;

  for (const source of sources) {
    const file = readConfigFile(source.path);
    const problem = (key: string | null, message: string) =>
      problems.push({ path: source.path, key, message } satisfies ConfigProblem);
    if (file.kind === 'missing') {
      if (source.namedBy) problem(null, `the file named by ${source.namedBy} does not exist`);
      continue;
    }
    if (file.kind === 'unusable') {
      problem(null, file.message);
      continue;
    }
    read.push(source.path);

    if (Object.hasOwn(file.values, LOCKED_KEY)) {
      if (source.role === 'system') {
        systemPath = source.path;
        for (const key of readLockList(file.values[LOCKED_KEY], problem)) locked.add(key);
      } else {
        problem(LOCKED_KEY, 'only the system config file can lock keys; ignored');
      }
    }

    const context: ReadContext = { configDir: dirname(source.path) };
    for (const [key, value] of Object.entries(file.values)) {
      if (key === LOCKED_KEY) continue;
      if (!isManagedConfigKey(key)) {
        problem(key, 'unknown key, ignored');
      } else if (source.role !== 'system' && locked.has(key)) {
        problem(key, `locked by the administrator (${systemPath}); this value is ignored`);
      } else {
        for (const { key: where, message } of applyKey(config, key, value, context)) {
          problem(where, message);
        }
      }
    }
  }
  return { config, locked, problems, sources: read };
}

/** Validate one key; on success it replaces the value so far. Returns the key's problems. */
function applyKey<K extends ManagedConfigKey>(
  config: ManagedConfig,
  key: K,
  value: unknown,
  context: ReadContext,
) {
  const read = KEY_READERS[key](value, key, context);
  if (read.value !== undefined) config[key] = read.value;
  return read.problems;
}

function readLockList(
  value: unknown,
  problem: (key: string | null, message: string) => void,
): ManagedConfigKey[] {
  if (!Array.isArray(value)) {
    problem(LOCKED_KEY, 'expected a list of key names; nothing is locked');
    return [];
  }
  const keys: ManagedConfigKey[] = [];
  value.forEach((entry, index) => {
    if (typeof entry === 'string' && isManagedConfigKey(entry)) keys.push(entry);
    else
      problem(`${LOCKED_KEY}[${index}]`, `${JSON.stringify(entry)} is not a config key; ignored`);
  });
  return keys;
}

function isManagedConfigKey(key: string): key is ManagedConfigKey {
  return (MANAGED_CONFIG_KEYS as string[]).includes(key);
}
