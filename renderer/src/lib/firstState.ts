/**
 * The state main wrote into the page when it served it (electron/window/firstPage.ts): read once
 * at start-up, before the first render, so that render is already the right screen. Main still
 * answers `getState` and sends its events; this only saves waiting for the first answers.
 */
import { appState } from './appState.svelte';
import type { FIRST_STATE_ELEMENT_ID, FirstState } from './contract';
import { managedSettings } from './managedSettings.svelte';

/** Same string as the contract's FIRST_STATE_ELEMENT_ID; the type ties the two together. */
const elementId: typeof FIRST_STATE_ELEMENT_ID = 'first-state';

/** The page's FirstState, or null when it has none (the dev server) or it cannot be read. */
export function readFirstState(page: Document): FirstState | null {
  const text = page.getElementById(elementId)?.textContent;
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isFirstState(value) ? value : null;
  } catch {
    return null;
  }
}

/** Takes the state as if main had just answered `getState` and `managedSettings` with it. */
export function seedFirstState(first: FirstState): void {
  appState.seed(first.state);
  managedSettings.seed(first.managed);
}

/** Enough of the shape that the screens can rely on it; main wrote it, from the same types. */
function isFirstState(value: unknown): value is FirstState {
  if (typeof value !== 'object' || value === null) return false;
  const { state, managed } = value as Record<string, unknown>;
  if (typeof state !== 'object' || state === null) return false;
  if (typeof managed !== 'object' || managed === null) return false;
  const { session, identity, connection } = state as Record<string, unknown>;
  return [session, identity, connection].every((part) => typeof part === 'object' && part !== null);
}
