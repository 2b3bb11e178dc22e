/**
 * One config file from disk, as a JSON object or the reason it is not one. A missing file is
 * normal (most machines have no system file) and is no problem; a file that exists but cannot
 * be read, is too large, is not JSON or is not an object is a problem that names the file. Never
 * throws: a broken config must not keep the app from starting.
 */
import { readFileSync, statSync } from 'node:fs';

/** A config file is a few kilobytes; CA certificates are separate files. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type ConfigFileRead =
  | { kind: 'missing' }
  | { kind: 'unusable'; message: string }
  | { kind: 'object'; values: Record<string, unknown> };

export function readConfigFile(path: string): ConfigFileRead {
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { kind: 'unusable', message: 'it is not a file; it is ignored' };
    if (stat.size > MAX_CONFIG_BYTES) {
      return { kind: 'unusable', message: 'it is larger than 1 MiB; the whole file is ignored' };
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return {
      kind: 'unusable',
      message: `it cannot be read (${code ?? String(error)}); the whole file is ignored`,
    };
  }
  let parsed: unknown;
  try {
    // A BOM is what Notepad writes; JSON.parse would refuse it.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      kind: 'unusable',
      message: `it is not valid JSON (${detail}); the whole file is ignored`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'unusable', message: 'it is not a JSON object; the whole file is ignored' };
  }
  return { kind: 'object', values: parsed as Record<string, unknown> };
}
