/**
 * The core's SettingsStore on electron-store: a JSON file in the app's userData directory,
 * written atomically.
 */
import ElectronStore from 'electron-store';
import type { SettingsStore } from '../core/platform.js';

export function createElectronSettingsStore(name = 'settings'): SettingsStore {
  const store = new ElectronStore<Record<string, unknown>>({
    name,
    // Keys are plain names: 'session.record' is one key, not a path into nested objects.
    accessPropertiesByDotNotation: false,
    // A damaged file (a crash mid-write on an old version, a hand edit) starts over empty
    // instead of keeping the app from starting; the worst case is signing in again.
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
  };
}
