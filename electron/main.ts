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
import { app, BrowserWindow, ipcMain, Menu, screen, session } from 'electron';
import { loadManagedConfig } from './config/loadManagedConfig.js';
import { readAppConfig } from './config/readAppConfig.js';
import { createAppCore } from './core/AppCore.js';
import type { Logger, Platform } from './core/platform.js';
import { DesktopNotices } from './desktop/DesktopNotices.js';
import { linkFromArguments } from './desktop/linkArguments.js';
import { decideUpdates, UpdateController } from './desktop/UpdateController.js';
import { forwardCoreEvents } from './ipc/forwardCoreEvents.js';
import { registerIpcHandlers } from './ipc/handlers.js';
import { disposeBeforeQuit } from './lifecycle/disposeBeforeQuit.js';
import { createElectronNetwork } from './platform/electronNetworkControl.js';
import { answerWindowProxyLogins } from './platform/electronProxy.js';
import { createElectronPlatform } from './platform/index.js';
import { loadElectronUpdater } from './platform/electronUpdater.js';
import { consoleLogger } from './platform/logger.js';
import { openLink } from './platform/openExternal.js';
import { installApplicationMenu } from './window/applicationMenu.js';
import { appLocation, isAppPageUrl } from './window/appLocation.js';
import { registerAppScheme, serveRendererFiles } from './window/appProtocol.js';
import { enforceContentSecurityPolicy } from './window/contentSecurityPolicy.js';
import { createMainWindow, focusWindow } from './window/createMainWindow.js';
import { buildContentSecurityPolicy } from './window/cspPolicy.js';
import { denyPermissions } from './window/denyPermissions.js';
import { guardAllWebContents } from './window/guardWebContents.js';
import { rememberWindowState, storedPlacement } from './window/rememberWindowState.js';

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

// Links the OS opens the app with: `matrix:` URIs and matrix.to links (desktop/, README).
const notices = new DesktopNotices();
const openLinkFrom = (argv: readonly string[], log: Logger) => {
  const found = linkFromArguments(argv);
  if (found === null) return;
  log.info('Opened a Matrix link', { link: found.text });
  notices.linkOpened(found.text, found.link);
};
// An installed app is the system's handler of matrix: (the installers register it as well);
// a development build is not, so `npm start` never takes the scheme over.
if (app.isPackaged) app.setAsDefaultProtocolClient('matrix');

// The lock is per profile (userData): `--user-data-dir=<absolute path>`, which Electron applies
// before this file runs, starts an independent instance (npm run demo starts two this way).
if (!app.requestSingleInstanceLock()) {
  // Another instance owns the profile (and the session); it comes to the front instead, and
  // gets this one's command line (and with it any link) through 'second-instance'.
  app.quit();
} else {
  // macOS delivers links as 'open-url', possibly before 'ready' when a link starts the app.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLinkFrom([url], consoleLogger);
  });
  openLinkFrom(process.argv, consoleLogger);
  run().catch((error: unknown) => {
    console.error('The app failed to start', error);
    app.exit(1);
  });
}

async function run(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', (_event, argv) => {
    openLinkFrom(argv, consoleLogger);
    if (mainWindow) focusWindow(mainWindow);
  });
  app.on('open-url', () => {
    if (mainWindow) focusWindow(mainWindow);
  });

  await app.whenReady();
  installApplicationMenu(Menu, app.isPackaged, process.platform);

  // Filled once the managed configuration is read, below; the platform's probes read it live.
  let managedCas: readonly string[] = [];
  // The administrator's and the user's extra CAs in Chromium's verify proc, the proxy and proxy
  // sign-in: changed by the core (Settings → Network), applied at once.
  const network = createElectronNetwork(session.defaultSession, () => managedCas);
  const platform = createElectronPlatform({
    extraCaPems: network.trustedCas,
    network: network.control,
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
  });
  const policy = buildContentSecurityPolicy(location.devServerOrigin);
  denyPermissions(session.defaultSession, (url) => isAppPageUrl(url, location));
  enforceContentSecurityPolicy(session.defaultSession, policy);

  // The administrator's files (system, then user, then --config / ROUTED_MATRIX_CONFIG).
  const managed = loadManagedConfig({
    platform: process.platform,
    env: process.env,
    argv: process.argv,
    userDataDir: app.getPath('userData'),
  });
  // The managed extra CAs, before the first request: Chromium then accepts servers they signed.
  managedCas = managed.config.extra_ca_certificates;
  // Proxy logins of the window's own requests; the core answers them (asking the user if need
  // be). The proxy in force and the user's CAs are applied by core.start(), before any request.
  answerWindowProxyLogins(app);
  const core = createAppCore(
    platform,
    readAppConfig(process.env, app.getVersion(), platform.log, managed),
  );
  // The built window, its first page carrying the core's state of the moment (firstPage.ts).
  // Under the dev server (`npm start`) Vite serves the page, which then asks for the state.
  if (location.devServerOrigin === null) {
    serveRendererFiles(session.defaultSession.protocol, rendererDir, policy, () =>
      core.firstState(),
    );
  }
  const updates = startUpdates(managed.config.updates.enabled, platform);
  // Handlers and event forwarding exist before the page does, so its first call is answered.
  const unregisterIpc = registerIpcHandlers(ipcMain, {
    // The desktop commands are main's own (the core answers them only for other hosts).
    handlers: {
      ...core.handlers,
      desktopState: async () => notices.state,
      restartToUpdate: async () => ({ restarting: updates.restartToUpdate() }),
    },
    mainWindow: () => mainWindow,
    location,
    log: platform.log,
  });
  const stopForwarding = forwardCoreEvents(core, () => mainWindow?.webContents ?? null);
  const stopNotices = forwardCoreEvents(notices, () => mainWindow?.webContents ?? null);
  disposeBeforeQuit(
    app,
    async () => {
      updates.stop();
      stopNotices();
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
      placement: storedPlacement(platform.settings, screen),
    });
    rememberWindowState(window, platform.settings);
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

/**
 * Starts electron-updater where this copy may update itself (UpdateController.ts says when).
 * Until the updater has loaded, and where updates are off, there is nothing to restart for.
 */
function startUpdates(
  enabledByConfig: boolean,
  platform: Platform,
): { restartToUpdate(): boolean; stop(): void } {
  let controller: UpdateController | null = null;
  let stopped = false;
  const decision = decideUpdates({
    enabledByConfig,
    isPackaged: app.isPackaged,
    platform: process.platform,
    appImagePath: process.env.APPIMAGE,
  });
  if (!decision.on) {
    platform.log.info('Automatic updates are off', { reason: decision.reason });
  } else {
    loadElectronUpdater(platform.log)
      .then((updater) => {
        if (stopped) return; // the app quit while the updater was loading
        controller = new UpdateController({
          updater,
          clock: platform.clock,
          log: platform.log,
          onReady: (version) => notices.updateReady(version),
        });
        controller.start();
      })
      .catch((error: unknown) =>
        platform.log.error('The updater failed to load', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }
  return {
    restartToUpdate: () => controller?.restartToUpdate() ?? false,
    stop() {
      stopped = true;
      controller?.stop();
    },
  };
}
