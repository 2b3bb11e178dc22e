/**
 * The boot test: Electron's binary cannot run here, so the built main bundle is loaded by plain
 * Node with 'electron' replaced at the import boundary by a recording stub (bootDriver.mjs,
 * electronStub.mjs, one child process per boot), and this test checks what main asked of
 * Electron: a locked-down window, the app:// scheme and its Content-Security-Policy, the
 * single-instance lock, one IPC handler per contract command and nothing else, the core started,
 * the app-wide web-contents guard, no DevTools or menu when packaged, a clean shutdown. The
 * preload bundle is loaded the same way and must expose exactly the contract.
 *
 * The bundles are built as Forge builds them (buildBundles.ts); the runtime dependencies
 * (matrix-js-sdk, electron-store, ...) are the project's real ones, electron-store writing into
 * a temporary userData directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_GLOBAL,
  commandChannel,
  commandNames,
  eventChannel,
  eventNames,
} from '../../../electron/ipc/contract.js';
import { buildContentSecurityPolicy } from '../../../electron/window/cspPolicy.js';
import { buildMainAndPreload } from './buildBundles.js';

const driver = fileURLToPath(new URL('./bootDriver.mjs', import.meta.url));
const workDir = mkdtempSync(path.join(tmpdir(), 'routed-matrix-boot-'));
// main.js finds the renderer at ../renderer/main_window, as in .vite/.
const buildDir = path.join(workDir, 'build');
const rendererDir = path.join(workDir, 'renderer', 'main_window');
const indexHtml = '<!doctype html><title>Routed Matrix (boot test)</title>';

/** The stored session the core must resume: tokens sealed by the stub's safeStorage. */
const HOMESERVER = 'https://hs.boot.example';
const storedSession = {
  'session.record': {
    userId: '@alice:boot.example',
    deviceId: 'BOOTDEVICE',
    homeserverUrl: HOMESERVER,
    loginServerUrl: HOMESERVER,
    redirectRejected: null,
    identityDefaults: { login: null, discovery: null },
    loginFlows: null,
  },
  'session.sealed': Buffer.from(
    `sealed:${JSON.stringify({ accessToken: 'boot-token', refreshToken: null, expiresAt: null })}`,
  ).toString('base64'),
};

type Report = Record<string, unknown> & {
  calls: string[];
  windows: { webPreferences: Record<string, unknown> }[];
};

let runs = 0;

/** Runs one boot in a child Node process and returns its report. */
function boot(mode: 'main' | 'preload', env: Record<string, string> = {}): Promise<Report> {
  const run = path.join(workDir, `run-${++runs}`);
  const userData = path.join(run, 'userData');
  mkdirSync(userData, { recursive: true });
  const reportFile = path.join(run, 'report.json');
  if (env.BOOT_HOMESERVER || env.BOOT_WINDOW_STATE) {
    const settings = {
      ...(env.BOOT_HOMESERVER ? storedSession : {}),
      ...(env.BOOT_WINDOW_STATE ? { 'window.state': JSON.parse(env.BOOT_WINDOW_STATE) } : {}),
    };
    writeFileSync(path.join(userData, 'settings.json'), JSON.stringify(settings));
  }
  const child = spawn(process.execPath, [driver, mode, buildDir], {
    env: { ...process.env, BOOT_REPORT: reportFile, BOOT_USER_DATA: userData, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || !existsSync(reportFile)) {
        reject(new Error(`The ${mode} boot failed (exit ${code}):\n${output}`));
        return;
      }
      resolve(JSON.parse(readFileSync(reportFile, 'utf8')) as Report);
    });
  });
}

let packaged: Report;
let development: Report;
let secondInstance: Report;
let preload: Report;
let appImage: Report;
let appImageOptedOut: Report;

beforeAll(async () => {
  await buildMainAndPreload(buildDir);
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), indexHtml);
  const optOut = path.join(workDir, 'updates-off.json');
  writeFileSync(optOut, JSON.stringify({ updates: { enabled: false } }));
  const asAppImage = { BOOT_PACKAGED: '1', APPIMAGE: path.join(workDir, 'Routed_Matrix.AppImage') };
  [packaged, development, secondInstance, preload, appImage, appImageOptedOut] = await Promise.all([
    boot('main', {
      BOOT_PACKAGED: '1',
      BOOT_HOMESERVER: HOMESERVER,
      BOOT_ARGV: JSON.stringify(['--no-sandbox', 'matrix:r/room:example.org?action=join']),
      BOOT_WINDOW_STATE: JSON.stringify({
        bounds: { x: 200, y: 100, width: 1300, height: 900 },
        maximized: true,
      }),
    }),
    boot('main'),
    boot('main', { BOOT_LOCK: 'taken' }),
    boot('preload', {
      BOOT_COMMANDS: JSON.stringify(commandNames),
      BOOT_EVENTS: JSON.stringify(eventNames),
    }),
    boot('main', { ...asAppImage, BOOT_WAIT_FOR_LOG: 'Looking for an update failed' }),
    boot('main', { ...asAppImage, ROUTED_MATRIX_CONFIG: optOut }),
  ]);
}, 120_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('main, booted with a recording Electron', () => {
  it('opens one isolated, sandboxed window without Node or webviews, with the built preload', () => {
    expect(packaged.windows).toHaveLength(1);
    const preferences = packaged.windows[0]?.webPreferences;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: path.join(buildDir, 'preload.cjs'),
    });
    expect(existsSync(String(preferences?.preload))).toBe(true);
    expect(packaged.enableSandbox).toBe(1);
    expect(packaged.loadedUrls).toEqual(['app://routed-matrix/index.html']);
  });

  it('registers app:// as a privileged scheme and serves the page with the CSP header', () => {
    expect(packaged.privilegedSchemes).toEqual([
      [
        {
          scheme: 'app',
          privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
        },
      ],
    ]);
    const policy = buildContentSecurityPolicy(null);
    expect(packaged.appPage).toEqual({
      status: 200,
      csp: policy,
      nosniff: 'nosniff',
      body: indexHtml,
    });
    expect(packaged.appEscapeStatus).toBe(404);
    expect(packaged.documentCsp).toEqual({
      responseHeaders: { 'Content-Security-Policy': [policy] },
    });
  });

  it('asks for the single-instance lock, and a second instance quits without a window', () => {
    expect(packaged.singleInstanceLock).toBe(1);
    expect(secondInstance.singleInstanceLock).toBe(1);
    expect(secondInstance.quits).toBe(1);
    expect(secondInstance.windows).toEqual([]);
    expect(secondInstance.ipcHandles).toEqual([]);
    expect(secondInstance.fetched).toEqual([]);
  });

  it('handles exactly one IPC channel per contract command, and answers only the app page', () => {
    const expected = commandNames.map((name) => commandChannel(name));
    expect(packaged.ipcHandles).toEqual(expected);
    // electron-store's own sync listener (it answers its renderer half with the userData path
    // and app version); the preload exposes no raw ipcRenderer, so the page cannot send to it.
    expect(packaged.ipcListeners).toEqual(['electron-store-get-data']);
    expect(packaged.pingFromPage).toEqual({ ok: true, value: { version: '9.9.9-boot' } });
    expect(packaged.pingFromElsewhere).toMatchObject({
      ok: false,
      error: { code: 'M_FORBIDDEN' },
    });
  });

  it('starts the core, which resumes the stored session: token unsealed, homeserver asked', () => {
    // If the vault's stored format changes, update `storedSession` above to match it.
    expect(packaged.decrypted).toBeGreaterThanOrEqual(1);
    const fetched = packaged.fetched as string[];
    expect(fetched.some((url) => url.startsWith(`${HOMESERVER}/_matrix/`))).toBe(true);
    expect(fetched.every((url) => url.startsWith(`${HOMESERVER}/`))).toBe(true);
    expect(packaged.exits).toEqual([]);
  });

  it('guards every web contents from one web-contents-created listener on app', () => {
    expect(packaged.appEvents).toContain('web-contents-created');
    const guarded = [
      'will-attach-webview',
      'will-frame-navigate',
      'will-navigate',
      'will-redirect',
    ];
    // A web contents that is not the main window is guarded as well as the window is.
    expect([...(packaged.guardedEvents as string[])].sort()).toEqual(guarded);
    expect([...(packaged.windowGuardedEvents as string[])].sort()).toEqual(
      expect.arrayContaining(guarded),
    );
    expect(packaged.otherHasWindowOpenHandler).toBe(true);
    expect(packaged.navigations).toEqual([
      { url: 'https://matrix.org/a b', prevented: true },
      { url: 'file:///etc/passwd', prevented: true },
      { url: 'http://example.org/', prevented: true },
    ]);
    expect(packaged.popupAnswer).toEqual({ action: 'deny' });
    // Only https reaches the OS, and only as rebuilt by the parser.
    expect(packaged.handedToOs).toEqual(['https://matrix.org/a%20b', 'https://matrix.org/popup']);
    expect(packaged.webviewPrevented).toBe(true);
  });

  it('denies every web permission', () => {
    expect(packaged.permissionHandlers).toHaveLength(3);
  });

  it('has no DevTools and no default menu when packaged, but the Edit menu', () => {
    expect(packaged.windows[0]?.webPreferences.devTools).toBe(false);
    expect(packaged.openDevTools).toBe(0);
    // Linux: File, Edit and Window (macOS: app, Edit and Window; see applicationMenu.test.ts).
    expect(packaged.applicationMenus).toEqual([
      { template: [{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }] },
    ]);
  });

  it("keeps DevTools and Electron's default menu in development", () => {
    expect(development.windows[0]?.webPreferences.devTools).toBe(true);
    expect(development.applicationMenus).toEqual([]);
    expect(development.openDevTools).toBe(0);
  });

  it('registers as the matrix: handler when packaged, never in development', () => {
    expect(packaged.protocolClients).toEqual(['matrix']);
    expect(development.protocolClients).toEqual([]);
  });

  it('keeps the link it was started with for the page, with Electron switches ignored', () => {
    expect(packaged.desktopStateAtStart).toEqual({
      ok: true,
      value: {
        openedLink: {
          text: 'matrix:r/room:example.org?action=join',
          link: {
            target: { kind: 'roomAlias', alias: '#room:example.org', eventId: null },
            via: [],
            action: 'join',
          },
        },
        updateReady: null,
      },
    });
  });

  it("comes to the front with a second launch's link, and sends it to the window", () => {
    expect(packaged.secondInstanceFocused).toBe(1);
    expect(packaged.desktopEvents).toEqual([
      {
        openedLink: {
          text: 'https://matrix.to/#/@bob:example.org',
          link: { target: { kind: 'user', userId: '@bob:example.org' }, via: [], action: null },
        },
        updateReady: null,
      },
    ]);
  });

  it('opens the window where it was, maximized as it was', () => {
    expect(packaged.windows[0]).toMatchObject({ x: 200, y: 100, width: 1300, height: 900 });
    expect(development.windows[0]).toMatchObject({ width: 1100, height: 760 });
    expect(development.windows[0]).not.toHaveProperty('x');
    expect(packaged.shownAs).toEqual(['BrowserWindow.maximize', 'BrowserWindow.show']);
    expect(development.shownAs).toEqual(['BrowserWindow.show']);
  });

  it('has no updater in a deb/rpm or development run: nothing to restart for', () => {
    expect(packaged.restartToUpdate).toEqual({ ok: true, value: { restarting: false } });
    const offBecause = (report: Report) =>
      (report.logged as string[]).filter((line) => line.includes('Automatic updates are off'));
    expect(offBecause(packaged)).toEqual([expect.stringContaining('deb and rpm')]);
    expect(offBecause(development)).toEqual([expect.stringContaining('development')]);
    expect(packaged.logged).not.toContainEqual(expect.stringContaining('updater:'));
  });

  it('runs electron-updater in a packaged AppImage, which looks for an update at start', () => {
    // No app-update.yml outside an installed build, so the look fails, is logged, and the app
    // runs on; nothing restarts.
    expect(appImage.logged).toContainEqual(expect.stringContaining('updater: Checking for update'));
    expect(appImage.logged).toContainEqual(expect.stringContaining('Looking for an update failed'));
    expect(appImage.logged).not.toContainEqual(
      expect.stringContaining('Automatic updates are off'),
    );
    expect(appImage.restartToUpdate).toEqual({ ok: true, value: { restarting: false } });
    expect(appImage.exits).toEqual([]);
  });

  it('keeps electron-updater off when the managed config says updates.enabled: false', () => {
    expect(appImageOptedOut.logged).toContainEqual(
      expect.stringMatching(/Automatic updates are off.*updates\.enabled/),
    );
    expect(appImageOptedOut.logged).not.toContainEqual(expect.stringContaining('updater:'));
  });

  it('holds the quit until the core is shut down, then removes its IPC handlers and quits', () => {
    expect(packaged.quitAfterShutdown).toEqual({ heldBack: true, handlersLeft: [] });
  });
});

describe('preload, loaded with a recording Electron', () => {
  it(`exposes one object, ${API_GLOBAL}, with invoke and on and nothing else`, () => {
    expect(preload.exposed).toEqual([
      { name: API_GLOBAL, keys: ['invoke', 'on'], types: { invoke: 'function', on: 'function' } },
    ]);
  });

  it('maps invoke onto the cmd: channel of each contract command, and nothing else', () => {
    expect(preload.invokedChannels).toEqual(commandNames.map((name) => commandChannel(name)));
    const answers = new Map(preload.invokeAnswers as [string, unknown][]);
    for (const name of commandNames) {
      // The stub's ipcRenderer answers with the channel it was asked on.
      expect(answers.get(name)).toEqual({ ok: true, value: { channel: commandChannel(name) } });
    }
    for (const unknown of ['notACommand', '__proto__', 'constructor']) {
      expect(answers.get(unknown), unknown).toMatchObject({
        ok: false,
        error: { code: 'M_UNRECOGNIZED' },
      });
    }
  });

  it('maps on onto the evt: channel of each contract event, refusing any other name', () => {
    expect(preload.listenedChannels).toEqual(eventNames.map((name) => eventChannel(name)));
    expect(preload.onRefused).toEqual(['notAnEvent', 'cmd:ping', '__proto__']);
  });

  it('asks Electron for nothing else', () => {
    const asked = new Set(preload.calls);
    expect([...asked].sort()).toEqual([
      'contextBridge.exposeInMainWorld',
      'ipcRenderer.invoke',
      'ipcRenderer.on',
    ]);
  });
});
