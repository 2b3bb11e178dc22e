/**
 * The core's SettingsStore on electron-store: a JSON file in the app's userData directory,
 * written atomically (temporary file + rename, see settingsFileCheck.ts). A file that cannot be
 * read at start is removed and reported (resetAtStart), so the app starts and says why the
 * session is gone, instead of starting over in silence.
 */
import { join } from 'node:path';
import { app } from 'electron';
import ElectronStore from 'electron-store';
import type { SettingsStore } from '../core/platform.js';
import { resetUnreadableSettingsFile } from './settingsFileCheck.js';

export function createElectronSettingsStore(name = 'settings'): SettingsStore {
  const cwd = app.getPath('userData');
  const resetAtStart = resetUnreadableSettingsFile(join(cwd, `${name}.json`));
  const store = new ElectronStore<Record<string, unknown>>({
    name,
    cwd,
    // Keys are plain names: 'session.record' is one key, not a path into nested objects.
    accessPropertiesByDotNotation: false,
    // The check above has already removed a damaged file, and said so; should the file be
    // damaged between that check and this read, starting over beats not starting at all.
    clearInvalidConfig: true,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => {
      // electron-store refuses `undefined`; storing "nothing" means removing the key.
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
    delete: (key) => store.delete(key),
    resetAtStart,
  };
}
