/**
 * The settings file is read once at start, before the store opens it: a file that cannot be read
 * as settings (truncated by a crash or a full disk on an older version, a hand edit, garbage) is
 * removed so the app starts over empty, and the core is told which file and why, so the sign-in
 * screen can say so (SettingsStore.resetAtStart). Without this, conf throws at start (a crash)
 * and electron-store's clearInvalidConfig starts over in silence.
 *
 * The stores themselves write atomically: conf (and electron-store, which is conf) writes through
 * `atomically`'s writeFileSync, a temporary file renamed over the old one, so a crash mid-write
 * leaves the old file or the new one, never half of one (node_modules/conf/dist/source/index.js,
 * #writeFile). This check is for files damaged some other way.
 *
 * No Electron here: the Node platform (tests, bridge) uses the same check.
 */
import { readFileSync, rmSync } from 'node:fs';
import type { SettingsReset } from '../core/platform.js';

/** Checks the file at `path` and removes it when it cannot be used; says why, or null if fine. */
export function resetUnreadableSettingsFile(path: string): SettingsReset | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // first start
    // Unreadable for another reason (permissions): starting over would fail the same way, and
    // the file may be fine; let the store report it.
    return null;
  }
  const reason = problemWith(text.replace(/^\uFEFF/, ''));
  if (reason === null) return null;
  rmSync(path, { force: true });
  return { file: path, reason };
}

function problemWith(text: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'it was empty' : 'it was not valid JSON (truncated or damaged)';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'it did not hold settings';
  }
  return null;
}
