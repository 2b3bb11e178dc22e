/**
 * The Electron wrappers of window/ against a mocked 'electron': the window's web preferences, the
 * app-wide web-contents guard, the packaged app's menu, the one door to the system browser,
 * permission denial, the CSP header hook and the app:// file server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FirstState } from '../../electron/ipc/contract.js';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  /** Just enough of WebContents to record the listeners the guard installs. */
  class FakeWebContents {
    listeners = new Map<string, Listener>();
    windowOpenHandler: Listener | null = null;
    openDevTools = vi.fn();
    on(event: string, listener: Listener) {
      this.listeners.set(event, listener);
      return this;
    }
    setWindowOpenHandler(handler: Listener) {
      this.windowOpenHandler = handler;
    }
  }
  class BrowserWindow {
    webContents = new FakeWebContents();
    loadURL = vi.fn(async () => {});
    once = vi.fn();
    constructor(public options: Record<string, unknown>) {}
  }
  return {
    FakeWebContents,
    BrowserWindow,
    shell: { openExternal: vi.fn(async (_url: string) => {}) },
    net: {
      // net.fetch of a file:// URL: read the file, as Chromium's file loader would.
      fetch: vi.fn(async (url: string) => {
        const { readFile } = await import('node:fs/promises');
        const { fileURLToPath: toPath } = await import('node:url');
        return new Response(await readFile(toPath(url)), {
          headers: { 'Content-Type': 'text/html' },
        });
      }),
    },
  };
});
vi.mock('electron', () => ({ ...electron, default: electron }));
const { FakeWebContents } = electron;
type FakeWebContents = InstanceType<typeof FakeWebContents>;

const { createMainWindow } = await import('../../electron/window/createMainWindow.js');
const { guardAllWebContents } = await import('../../electron/window/guardWebContents.js');
const { installApplicationMenu } = await import('../../electron/window/applicationMenu.js');
const { openExternal, openLink } = await import('../../electron/platform/openExternal.js');
const { appLocation, isAppPageUrl } = await import('../../electron/window/appLocation.js');
const { denyPermissions } = await import('../../electron/window/denyPermissions.js');
const { enforceContentSecurityPolicy } =
  await import('../../electron/window/contentSecurityPolicy.js');
const { serveRendererFiles } = await import('../../electron/window/appProtocol.js');
const { SIGN_IN_PAGE_FILE, SIGN_IN_PAGE_STATE, jsonForScript } =
  await import('../../electron/window/firstPage.js');

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeEach(() => vi.clearAllMocks());

describe('main window', () => {
  function openWindow(devTools: boolean) {
    return createMainWindow({
      preloadPath: '/app/.vite/build/preload.cjs',
      entryUrl: 'app://routed-matrix/index.html',
      devTools,
      log,
    }) as unknown as InstanceType<typeof electron.BrowserWindow>;
  }

  it('is isolated, sandboxed, without Node, with web security, and loads the app page', () => {
    const window = openWindow(true);

    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/.vite/build/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: true,
    });
    expect(window.loadURL).toHaveBeenCalledWith('app://routed-matrix/index.html');
  });

  it('cannot have DevTools when packaged, and never opens them itself', () => {
    const window = openWindow(false);
    expect(window.options.webPreferences).toMatchObject({ devTools: false });
    expect((window.webContents as FakeWebContents).openDevTools).not.toHaveBeenCalled();
  });
});

describe('app-wide web-contents guard', () => {
  /** A fake app that records its listeners, and the guard installed on it once. */
  function guardedApp() {
    const listeners = new Map<string, Listener[]>();
    const app = {
      on: (event: string, listener: Listener) => {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return app;
      },
    };
    const openLink = vi.fn(async (_url: string) => {});
    guardAllWebContents(app as never, { location: appLocation(undefined), openLink, log });
    /** Electron creating a web contents (a window, DevTools, anything). */
    const created = () => {
      const contents = new FakeWebContents();
      for (const listener of listeners.get('web-contents-created') ?? []) listener({}, contents);
      return contents;
    };
    return { listeners, openLink, created };
  }

  it('is one listener on app, guarding every web contents created after it', () => {
    const { listeners, created } = guardedApp();
    expect([...listeners.keys()]).toEqual(['web-contents-created']);
    expect(listeners.get('web-contents-created')).toHaveLength(1);
    for (const contents of [created(), created()]) {
      expect([...contents.listeners.keys()].sort()).toEqual([
        'will-attach-webview',
        'will-frame-navigate',
        'will-navigate',
        'will-redirect',
      ]);
      expect(contents.windowOpenHandler).not.toBeNull();
    }
  });

  it('blocks every navigation and offers each URL to the one door out', () => {
    const { created, openLink } = guardedApp();
    const navigate = created().listeners.get('will-navigate');
    for (const url of ['https://matrix.org/', 'file:///etc/passwd']) {
      const event = { url, preventDefault: vi.fn() };
      navigate?.(event);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(openLink.mock.calls).toEqual([['https://matrix.org/'], ['file:///etc/passwd']]);
  });

  it('denies every new window, offering its URL to the browser instead', () => {
    const { created, openLink } = guardedApp();
    const contents = created();
    expect(contents.windowOpenHandler?.({ url: 'https://matrix.org/' })).toEqual({
      action: 'deny',
    });
    expect(openLink.mock.calls).toEqual([['https://matrix.org/']]);
  });

  it('keeps subframes from navigating and loads from redirecting off the app page', () => {
    const { created } = guardedApp();
    const contents = created();
    const frame = { isMainFrame: false, url: 'https://matrix.org/', preventDefault: vi.fn() };
    contents.listeners.get('will-frame-navigate')?.(frame);
    expect(frame.preventDefault).toHaveBeenCalled();

    const away = { url: 'https://attacker.example/', preventDefault: vi.fn() };
    contents.listeners.get('will-redirect')?.(away);
    expect(away.preventDefault).toHaveBeenCalled();
    const ours = { url: 'app://routed-matrix/index.html', preventDefault: vi.fn() };
    contents.listeners.get('will-redirect')?.(ours);
    expect(ours.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses to attach a webview', () => {
    const { created } = guardedApp();
    const event = { preventDefault: vi.fn() };
    created().listeners.get('will-attach-webview')?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('logs only the scheme of a link that was not opened', async () => {
    const { created, openLink } = guardedApp();
    openLink.mockRejectedValueOnce(new Error('refused'));
    created().windowOpenHandler?.({ url: 'file:///home/me/secret?token=abc' });
    await vi.waitFor(
      () =>
        expect(log.warn).toHaveBeenCalledWith('A link was not opened in the browser', {
          scheme: 'file',
        }),
      { timeout: 10_000 },
    );
  });
});

describe('the one door to the system browser', () => {
  it('gives the OS only https links, rebuilt', async () => {
    await openLink('https://matrix.org:443/a b');
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://matrix.org/a%20b']]);
  });

  it.each([
    'http://example.org/',
    'http://127.0.0.1:8008/',
    'https://user:pw@example.org/',
    'file:///etc/passwd',
  ])('refuses the link %j without asking the OS', async (url) => {
    await expect(openLink(url)).rejects.toThrow(/Only https links/);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it("lets the core's sign-in pages be http on loopback, and only there", async () => {
    await openExternal('http://127.0.0.1:8008/_matrix/client/v3/login/sso/redirect');
    expect(electron.shell.openExternal.mock.calls).toEqual([
      ['http://127.0.0.1:8008/_matrix/client/v3/login/sso/redirect'],
    ]);
    await expect(openExternal('http://sso.example.org/login')).rejects.toThrow(/sign-in pages/);
    await expect(openExternal('https://u:p@sso.example.org/')).rejects.toThrow(/sign-in pages/);
    expect(electron.shell.openExternal).toHaveBeenCalledOnce();
  });
});

describe('application menu', () => {
  function fakeMenu() {
    return {
      setApplicationMenu: vi.fn(),
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    };
  }

  it("keeps Electron's default menu (with DevTools) in development", () => {
    const menu = fakeMenu();
    installApplicationMenu(menu as never, false, 'linux');
    expect(menu.setApplicationMenu).not.toHaveBeenCalled();
  });

  it('gives a packaged app on Windows and Linux only File, Edit and Window menus', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const menu = fakeMenu();
      installApplicationMenu(menu as never, true, platform);
      expect(menu.setApplicationMenu).toHaveBeenCalledWith({
        template: [{ role: 'fileMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }],
      });
    }
  });

  it('leaves a packaged macOS app only its app, Edit and Window menus', () => {
    const menu = fakeMenu();
    installApplicationMenu(menu as never, true, 'darwin');
    expect(menu.setApplicationMenu).toHaveBeenCalledWith({
      template: [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }],
    });
  });
});

describe('session policies', () => {
  function sessionWithPolicy() {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    const location = appLocation(undefined);
    denyPermissions(session as never, (url) => isAppPageUrl(url, location));
    const request = (permission: string, requestingUrl: string) => {
      const callback = vi.fn();
      session.setPermissionRequestHandler.mock.calls[0]?.[0]({}, permission, callback, {
        requestingUrl,
      });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    const check = (permission: string, origin: string) =>
      session.setPermissionCheckHandler.mock.calls[0]?.[0]({}, permission, origin) as boolean;
    return { session, request, check };
  }

  it('denies permission requests and checks', () => {
    const { session, request, check } = sessionWithPolicy();
    expect(request('media', 'app://routed-matrix/index.html')).toBe(false);
    expect(check('notifications', 'app://routed-matrix')).toBe(false);
    expect(check('clipboard-read', 'app://routed-matrix')).toBe(false);
    expect(session.setDevicePermissionHandler.mock.calls[0]?.[0]({})).toBe(false);
  });

  it("lets the app's own page write text to the clipboard (its Copy buttons), nobody else", () => {
    const { request, check } = sessionWithPolicy();
    expect(request('clipboard-sanitized-write', 'app://routed-matrix/index.html')).toBe(true);
    expect(check('clipboard-sanitized-write', 'app://routed-matrix')).toBe(true);
    expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });

  it('puts the policy on documents and leaves other responses alone', () => {
    let hook: Listener = () => {};
    const session = {
      webRequest: { onHeadersReceived: (listener: Listener) => (hook = listener) },
    };
    enforceContentSecurityPolicy(session as never, "default-src 'none'");

    const document = vi.fn();
    hook(
      { resourceType: 'mainFrame', responseHeaders: { 'Content-Security-Policy': ['*'] } },
      document,
    );
    expect(document).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': ["default-src 'none'"] },
    });

    const api = vi.fn();
    hook({ resourceType: 'xhr', responseHeaders: { 'Content-Type': ['application/json'] } }, api);
    expect(api).toHaveBeenCalledWith({});
  });
});

describe('app:// file server', () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'routed-matrix-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><body><div id="app"></div>');
  writeFileSync(
    join(rendererDir, SIGN_IN_PAGE_FILE),
    '<!doctype html><body><div id="app" data-prerendered><form>drawn</form></div>',
  );
  writeFileSync(join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
  afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

  function serve(firstState: () => FirstState | null = () => null) {
    let handler: (request: Request) => Promise<Response> = async () => new Response();
    const protocol = { handle: vi.fn((_scheme: string, h: typeof handler) => (handler = h)) };
    serveRendererFiles(protocol as never, rendererDir, "default-src 'none'", firstState);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    return (url: string, init?: RequestInit) => handler(new Request(url, init));
  }

  it('serves the built files with the policy header', async () => {
    const fetchApp = serve();
    const script = await fetchApp('app://routed-matrix/assets/main.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Security-Policy')).toBe("default-src 'none'");
    expect(script.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log(1)');
    const [[fileUrl]] = electron.net.fetch.mock.calls as unknown as [[string]];
    expect(fileURLToPath(fileUrl)).toBe(join(rendererDir, 'assets', 'main.js'));
  });

  it('serves the first page with the state of the moment, and the policy header', async () => {
    let first: FirstState | null = null;
    const fetchApp = serve(() => first);
    const page = async (url = 'app://routed-matrix/') => {
      const response = await fetchApp(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Security-Policy')).toBe("default-src 'none'");
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
      return response.text();
    };
    // Not known yet (a stored session being restored): the plain page, which asks.
    expect(await page()).toBe('<!doctype html><body><div id="app"></div>');
    // The state the sign-in page was drawn from: that page, with the state.
    first = SIGN_IN_PAGE_STATE;
    expect(await page('app://routed-matrix/index.html')).toContain('<form>drawn</form>');
    expect(await page()).toContain(jsonForScript(SIGN_IN_PAGE_STATE));
    // Any other state: the plain page with that state.
    first = {
      ...SIGN_IN_PAGE_STATE,
      managed: { ...SIGN_IN_PAGE_STATE.managed, serverLocked: true },
    };
    const other = await page();
    expect(other).not.toContain('drawn');
    expect(other).toContain(jsonForScript(first));
    // None of this went through the file fetch.
    expect(electron.net.fetch).not.toHaveBeenCalled();
  });

  it('answers 404 for other hosts, escapes and missing files, 405 for writes', async () => {
    const fetchApp = serve();
    expect((await fetchApp('app://elsewhere/index.html')).status).toBe(404);
    expect((await fetchApp('app://routed-matrix/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await fetchApp('app://routed-matrix/missing.js')).status).toBe(404);
    expect((await fetchApp('app://routed-matrix/index.html', { method: 'POST' })).status).toBe(405);
  });
});
