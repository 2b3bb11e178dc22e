/**
 * Electron main: app lifecycle and wiring, nothing else. It builds the Electron Platform, hands
 * it to the core, exposes the core's command handlers over IPC, forwards the core's events to
 * the window, and stops the core on quit. Matrix logic lives in core/, window rules in window/,
 * the IPC surface in ipc/.
 *
 * Bundled as ES module (.vite/build/main.js, package.json "main"), next to preload.cjs; the
 * built renderer sits in .vite/renderer/main_window.
 */
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, session } from 'electron';
import { loadManagedConfig } from './config/loadManagedConfig.js';
import { readAppConfig } from './config/readAppConfig.js';
import { createAppCore } from './core/AppCore.js';
import { ProxyCredentialStore, proxyUrlForChallenge } from './core/net/proxy/proxyCredentials.js';
import { forwardCoreEvents } from './ipc/forwardCoreEvents.js';
import { registerIpcHandlers } from './ipc/handlers.js';
import { disposeBeforeQuit } from './lifecycle/disposeBeforeQuit.js';
import {
  answerWindowProxyLogins,
  applyProxySetting,
  setProxyCredentialLookup,
} from './platform/electronProxy.js';
import { createElectronPlatform } from './platform/index.js';
import { consoleLogger } from './platform/logger.js';
import { openLink } from './platform/openExternal.js';
import { installApplicationMenu } from './window/applicationMenu.js';
import { appLocation } from './window/appLocation.js';
import { registerAppScheme, serveRendererFiles } from './window/appProtocol.js';
import { enforceContentSecurityPolicy } from './window/contentSecurityPolicy.js';
import { createMainWindow, focusWindow } from './window/createMainWindow.js';
import { buildContentSecurityPolicy } from './window/cspPolicy.js';
import { denyPermissions } from './window/denyPermissions.js';
import { guardAllWebContents } from './window/guardWebContents.js';

// Forge defines the dev server URL only under `npm start`; `typeof` keeps a build without the
// define (a plain `vite build`) from throwing a ReferenceError.
const devServerUrl =
  typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' && MAIN_WINDOW_VITE_DEV_SERVER_URL !== ''
    ? MAIN_WINDOW_VITE_DEV_SERVER_URL
    : undefined;
const location = appLocation(devServerUrl);
const preloadPath = path.join(import.meta.dirname, 'preload.cjs');
const rendererDir = path.join(import.meta.dirname, '..', 'renderer', 'main_window');

// All three must happen before the app is ready; the guard before any web contents exists.
app.enableSandbox();
registerAppScheme();
guardAllWebContents(app, { location, openLink, log: consoleLogger });

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the profile (and the session); it comes to the front instead.
  app.quit();
} else {
  run().catch((error: unknown) => {
    console.error('The app failed to start', error);
    app.exit(1);
  });
}

async function run(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (mainWindow) focusWindow(mainWindow);
  });

  await app.whenReady();
  installApplicationMenu(Menu, app.isPackaged, process.platform);

  const platform = createElectronPlatform();
  const policy = buildContentSecurityPolicy(location.devServerOrigin);
  denyPermissions(session.defaultSession);
  enforceContentSecurityPolicy(session.defaultSession, policy);
  if (location.devServerOrigin === null) {
    serveRendererFiles(session.defaultSession.protocol, rendererDir, policy);
  }

  // The administrator's files (system, then user, then --config / ROUTED_MATRIX_CONFIG).
  const managed = loadManagedConfig({
    platform: process.platform,
    env: process.env,
    argv: process.argv,
    userDataDir: app.getPath('userData'),
  });
  // The managed proxy, before the first request; proxy logins answered from sealed credentials.
  const proxyCredentials = new ProxyCredentialStore(platform);
  setProxyCredentialLookup(({ host, port }) =>
    proxyCredentials.load(proxyUrlForChallenge(managed.config.proxy, host, port)),
  );
  answerWindowProxyLogins(app);
  await applyProxySetting(session.defaultSession, managed.config.proxy);
  const core = createAppCore(
    platform,
    readAppConfig(process.env, app.getVersion(), platform.log, managed),
  );
  // Handlers and event forwarding exist before the page does, so its first call is answered.
  const unregisterIpc = registerIpcHandlers(ipcMain, {
    handlers: core.handlers,
    mainWindow: () => mainWindow,
    location,
    log: platform.log,
  });
  const stopForwarding = forwardCoreEvents(core, () => mainWindow?.webContents ?? null);
  disposeBeforeQuit(
    app,
    async () => {
      stopForwarding();
      unregisterIpc();
      await core.dispose();
    },
    platform.log,
  );

  const openWindow = () => {
    const window = createMainWindow({
      preloadPath,
      entryUrl: location.entryUrl,
      devTools: !app.isPackaged,
      log: platform.log,
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    mainWindow = window;
  };
  openWindow();

  // macOS keeps an app running with no windows; the Dock icon brings the window back.
  app.on('activate', () => {
    if (mainWindow === null) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Resume a stored session; the page follows along through the events.
  core.start().catch((error: unknown) =>
    platform.log.error('Resuming the session failed', {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}
