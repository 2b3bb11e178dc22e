/**
 * Connects windowState.ts to Electron: reads the stored state and the displays before the window
 * exists, and stores the state when the window closes (the one moment its final size is known;
 * a crash loses only that session's change). Only Electron's types are imported: main passes
 * `screen` and the window in.
 */
import type { BrowserWindow, Screen } from 'electron';
import type { SettingsStore } from '../core/platform.js';
import {
  captureWindowState,
  placeWindow,
  WINDOW_STATE_KEY,
  type WindowPlacement,
} from './windowState.js';

export function storedPlacement(
  settings: SettingsStore,
  screen: Pick<Screen, 'getAllDisplays'>,
): WindowPlacement {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  return placeWindow(settings.get(WINDOW_STATE_KEY), workAreas);
}

type WindowPort = Pick<
  BrowserWindow,
  'once' | 'getNormalBounds' | 'isMaximized' | 'isFullScreen' | 'isDestroyed'
>;

export function rememberWindowState(window: WindowPort, settings: SettingsStore): void {
  window.once('close', () => {
    if (window.isDestroyed()) return;
    const state = captureWindowState({
      normalBounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
      fullScreen: window.isFullScreen(),
    });
    if (state !== null) settings.set(WINDOW_STATE_KEY, state);
  });
}
