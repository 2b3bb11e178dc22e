/**
 * Reading what the app left in its data directory, as an attacker with the disk (or a curious
 * admin) would: the settings file in plain JSON, and every byte of every file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { testOnlySecretBox } from '../../node-platform/testOnlySecretBox.js';

/** The settings file the Node platform writes (conf, configName "settings"). */
export function readSettings(dataDir: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export interface StoredRecord {
  userId: string;
  deviceId: string;
  homeserverUrl: string;
  loginServerUrl: string;
  redirectRejected: { code: string; message: string } | null;
}

/** The stored (plain) session record, whatever its shape; undefined when there is none. */
export function storedRecord(dataDir: string): StoredRecord | undefined {
  const settings = readSettings(dataDir);
  return settings['session.record'] as StoredRecord | undefined;
}

/** The sealed tokens as stored (a string), or undefined. */
export function storedSealedSecrets(dataDir: string): string | undefined {
  const settings = readSettings(dataDir);
  return settings['session.sealed'] as string | undefined;
}

/** Opens the sealed tokens with the Node platform's TEST-ONLY key (tests may; the app's disk may not). */
export function unsealedSecrets(
  dataDir: string,
): { accessToken: string; refreshToken: string | null } | undefined {
  const sealed = storedSealedSecrets(dataDir);
  if (sealed === undefined) return undefined;
  return JSON.parse(testOnlySecretBox.decrypt(sealed)) as {
    accessToken: string;
    refreshToken: string | null;
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every (file, needle) pair where a needle occurs in a file of the data directory. */
export function findInDataDir(dataDir: string, needles: (string | RegExp)[]): string[] {
  const hits: string[] = [];
  for (const file of filesUnder(dataDir)) {
    const text = readFileSync(file).toString('latin1');
    for (const needle of needles) {
      const found = typeof needle === 'string' ? text.includes(needle) : needle.test(text);
      if (found) hits.push(`${file}: ${String(needle)}`);
    }
  }
  return hits;
}

/** What fixture tokens look like (homeserver `syt_`/`syr_`, dead portal tokens, login tokens). */
export const TOKEN_PATTERNS = [
  /\bsyt_[A-Za-z0-9_-]{8,}/,
  /\bsyr_[A-Za-z0-9_-]{8,}/,
  /portal_dead_/,
];
