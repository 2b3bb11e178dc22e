/**
 * The app's one window, locked down: isolated, sandboxed renderer without Node, web security on,
 * the preload script as its only bridge to main, and no DevTools in a packaged app. Navigation,
 * new windows and webviews are refused for every web contents by the app-wide guard
 * (guardWebContents.ts), which main installs before any window exists. Shown when its first
 * paint is ready, so it never flashes empty.
 */
import { BrowserWindow } from 'electron';
import type { Logger } from '../core/platform.js';
import { DEFAULT_SIZE, MIN_SIZE, type WindowPlacement } from './windowState.js';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload script (.vite/build/preload.cjs). */
  preloadPath: string;
  /** The app page: the dev server, or app://routed-matrix/index.html. */
  entryUrl: string;
  /** False in a packaged app (`app.isPackaged`): DevTools cannot be opened at all. */
  devTools: boolean;
  log: Logger;
  /** Where it opens (the remembered state, windowState.ts); the default size otherwise. */
  placement?: WindowPlacement;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.placement?.bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Routed Matrix',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => {
    // maximize() shows the window itself, so it waits for the first paint as show() does.
    if (options.placement?.maximized) window.maximize();
    window.show();
  });
  window
    .loadURL(options.entryUrl)
    .catch((error: unknown) =>
      options.log.error('The app page failed to load', { error: String(error) }),
    );
  return window;
}

/** Brings the window to the front (a second launch of the app lands here). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
