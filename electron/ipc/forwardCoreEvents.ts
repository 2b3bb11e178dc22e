/**
 * Core events to the window: each becomes `webContents.send(eventChannel(name), payload)`. No
 * Electron import (the target is anything with `send`), so it is unit-tested.
 *
 * The window may not exist yet, be closed (macOS keeps the app running) or be recreated; events
 * with nowhere to go are dropped, since the page asks for the whole state (`getState`) when it
 * loads and needs only what changes after that.
 */
import type { AppCoreApi } from '../core/AppCore.js';
import { eventChannel } from './contract.js';

export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/** Starts forwarding; returns the function that stops it. */
export function forwardCoreEvents(
  core: Pick<AppCoreApi, 'onEvent'>,
  currentTarget: () => EventTarget | null,
): () => void {
  return core.onEvent((event, payload) => {
    const target = currentTarget();
    if (target === null || target.isDestroyed()) return;
    target.send(eventChannel(event), payload);
  });
}
