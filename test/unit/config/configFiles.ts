/**
 * Real config files in a temporary system/user folder pair, as an administrator and a user
 * would write them, and the loader pointed at them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadManagedConfig,
  type LoadManagedConfigOptions,
} from '../../../electron/config/loadManagedConfig.js';

export interface ConfigDirs {
  root: string;
  systemDir: string;
  userDir: string;
  systemFile: string;
  userFile: string;
  /** Writes a file (an object as JSON, a string as is) and returns its path. */
  write(path: string, content: unknown): string;
  load(options?: Partial<LoadManagedConfigOptions>): ReturnType<typeof loadManagedConfig>;
  remove(): void;
}

export function makeConfigDirs(): ConfigDirs {
  const root = mkdtempSync(join(tmpdir(), 'routed-matrix-config-'));
  const systemDir = join(root, 'etc', 'routed-matrix');
  const userDir = join(root, 'home', 'user-data');
  mkdirSync(systemDir, { recursive: true });
  mkdirSync(userDir, { recursive: true });
  return {
    root,
    systemDir,
    userDir,
    systemFile: join(systemDir, 'config.json'),
    userFile: join(userDir, 'config.json'),
    write(path, content) {
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    load(options = {}) {
      return loadManagedConfig({
        platform: 'linux',
        env: {},
        argv: [],
        userDataDir: userDir,
        systemConfigFile: join(systemDir, 'config.json'),
        cwd: root,
        ...options,
      });
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
