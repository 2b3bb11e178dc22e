/**
 * The Electron wrappers of window/ against a mocked 'electron': the window's web preferences, the
 * navigation guard, permission denial, the CSP header hook and the app:// file server.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  /** Just enough of WebContents to record the listeners the guard installs. */
  class FakeWebContents {
    listeners = new Map<string, Listener>();
    windowOpenHandler: Listener | null = null;
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
const { guardNavigation } = await import('../../electron/window/guardNavigation.js');
const { denyPermissions } = await import('../../electron/window/denyPermissions.js');
const { enforceContentSecurityPolicy } =
  await import('../../electron/window/contentSecurityPolicy.js');
const { serveRendererFiles } = await import('../../electron/window/appProtocol.js');

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeEach(() => vi.clearAllMocks());

describe('main window', () => {
  it('is isolated, sandboxed, without Node, with web security, and loads the app page', () => {
    const window = createMainWindow({
      preloadPath: '/app/.vite/build/preload.cjs',
      entryUrl: 'app://routed-matrix/index.html',
      openInBrowser: vi.fn(async () => {}),
      log,
    }) as unknown as InstanceType<typeof electron.BrowserWindow>;

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
    });
    expect(window.loadURL).toHaveBeenCalledWith('app://routed-matrix/index.html');
    const contents = window.webContents as FakeWebContents;
    expect(contents.listeners.has('will-navigate')).toBe(true);
    expect(contents.windowOpenHandler).not.toBeNull();
  });
});

describe('navigation guard', () => {
  function guarded() {
    const contents = new FakeWebContents();
    const openInBrowser = vi.fn(async () => {});
    guardNavigation(contents as never, openInBrowser, log);
    return { contents, openInBrowser };
  }

  it('blocks every navigation and hands only https links to the browser', () => {
    const { contents, openInBrowser } = guarded();
    const navigate = contents.listeners.get('will-navigate');
    for (const url of ['https://matrix.org/', 'http://example.org/', 'file:///etc/passwd']) {
      const event = { url, preventDefault: vi.fn() };
      navigate?.(event);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(openInBrowser.mock.calls).toEqual([['https://matrix.org/']]);
  });

  it('denies every new window, opening https ones in the browser instead', () => {
    const { contents, openInBrowser } = guarded();
    expect(contents.windowOpenHandler?.({ url: 'https://matrix.org/' })).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({
      action: 'deny',
    });
    expect(openInBrowser.mock.calls).toEqual([['https://matrix.org/']]);
  });

  it('refuses to attach a webview', () => {
    const { contents } = guarded();
    const event = { preventDefault: vi.fn() };
    contents.listeners.get('will-attach-webview')?.(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('session policies', () => {
  it('denies permission requests and checks', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    denyPermissions(session as never);

    const callback = vi.fn();
    session.setPermissionRequestHandler.mock.calls[0]?.[0]({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.setPermissionCheckHandler.mock.calls[0]?.[0]({}, 'notifications')).toBe(false);
    expect(session.setDevicePermissionHandler.mock.calls[0]?.[0]({})).toBe(false);
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
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
  afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));

  function serve() {
    let handler: (request: Request) => Promise<Response> = async () => new Response();
    const protocol = { handle: vi.fn((_scheme: string, h: typeof handler) => (handler = h)) };
    serveRendererFiles(protocol as never, rendererDir, "default-src 'none'");
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    return (url: string, init?: RequestInit) => handler(new Request(url, init));
  }

  it('serves the built files with the policy header', async () => {
    const fetchApp = serve();
    const page = await fetchApp('app://routed-matrix/');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toBe("default-src 'none'");
    expect(await page.text()).toBe(readFileSync(join(rendererDir, 'index.html'), 'utf8'));
    const [[fileUrl]] = electron.net.fetch.mock.calls as unknown as [[string]];
    expect(fileURLToPath(fileUrl)).toBe(join(rendererDir, 'index.html'));
  });

  it('answers 404 for other hosts, escapes and missing files, 405 for writes', async () => {
    const fetchApp = serve();
    expect((await fetchApp('app://elsewhere/index.html')).status).toBe(404);
    expect((await fetchApp('app://routed-matrix/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await fetchApp('app://routed-matrix/missing.js')).status).toBe(404);
    expect((await fetchApp('app://routed-matrix/index.html', { method: 'POST' })).status).toBe(405);
  });
});
