/**
 * The administrator's managed configuration as main describes it (`managedSettings`): read once,
 * from the page main served (firstState.ts) or when the first screen that needs it asks. It only
 * tells the UI what to hide; main refuses anything not allowed by itself.
 */
import type { Api } from './api';
import type { ManagedSettings } from './contract';

class ManagedSettingsStore {
  /** Null until main answered (and if it could not: the UI then shows everything). */
  value = $state<ManagedSettings | null>(null);
  /** True once main answered or failed to: screens may decide what to show. */
  known = $state(false);
  #loading: Promise<ManagedSettings | null> | null = null;

  /** The settings main wrote into the page (firstState.ts): known without asking. */
  seed(value: ManagedSettings): void {
    this.value = value;
    this.known = true;
    this.#loading = Promise.resolve(value);
  }

  load(api: Api): Promise<ManagedSettings | null> {
    this.#loading ??= api.invoke('managedSettings', {}).then((result) => {
      this.known = true;
      if (result.ok) this.value = result.value;
      // A failed read is tried again by the next screen that asks.
      else this.#loading = null;
      return this.value;
    });
    return this.#loading;
  }
}

export const managedSettings = new ManagedSettingsStore();
