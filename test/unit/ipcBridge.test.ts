/**
 * Both ends of the IPC bridge without Electron: the preload API (what the page can reach), the
 * main-side handlers (who may call, and what reaches the core) and the event forwarding.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CoreEventListener } from '../../electron/core/AppCore.js';
import { createPreloadApi, type IpcRendererPort } from '../../electron/ipc/createPreloadApi.js';
import {
  commandChannel,
  commandNames,
  eventChannel,
  type AppEvents,
  type CommandHandlers,
  type SessionState,
} from '../../electron/ipc/contract.js';
import { forwardCoreEvents } from '../../electron/ipc/forwardCoreEvents.js';
import { registerIpcHandlers } from '../../electron/ipc/handlers.js';
import { isTrustedSender } from '../../electron/ipc/trustedSender.js';
import { appLocation } from '../../electron/window/appLocation.js';

const signedOut: SessionState = { status: 'signedOut', notice: null };
const silentLog = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

/** A fake ipcRenderer: records invokes, and lets the test play main sending events. */
function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const port: IpcRendererPort = {
    invoke: vi.fn(async () => ({ ok: true, value: { version: '1.0.0' } })),
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    const electronEvent = { sender: { send: () => {} }, senderId: 0 };
    for (const listener of listeners.get(channel) ?? []) listener(electronEvent, payload);
  };
  return { port, emit, listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

describe('preload API', () => {
  it('sends a contract command on its channel with only the request', async () => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc.port);

    const result = await api.invoke('discover', { server: 'example.org' });

    expect(ipc.port.invoke).toHaveBeenCalledWith('cmd:discover', { server: 'example.org' });
    expect(result).toEqual({ ok: true, value: { version: '1.0.0' } });
  });

  it('covers every command of the contract without listing them', async () => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc.port);
    for (const name of commandNames) await api.invoke(name, {} as never);
    expect(vi.mocked(ipc.port.invoke).mock.calls.map(([channel]) => channel)).toEqual(
      commandNames.map(commandChannel),
    );
  });

  it.each(['shell:openExternal', 'evt:session', '__proto__', 'toString', ''])(
    'refuses the unknown command %j without sending anything',
    async (name) => {
      const ipc = fakeIpcRenderer();
      const api = createPreloadApi(ipc.port);

      const result = await api.invoke(name as never, {} as never);

      expect(result).toEqual({
        ok: false,
        error: { code: 'M_UNRECOGNIZED', message: expect.any(String) },
      });
      expect(ipc.port.invoke).not.toHaveBeenCalled();
    },
  );

  it('delivers event payloads without the Electron event, until unsubscribed', () => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc.port);
    const listener = vi.fn();

    const unsubscribe = api.on('session', listener);
    ipc.emit(eventChannel('session'), signedOut);
    unsubscribe();
    unsubscribe();
    ipc.emit(eventChannel('session'), signedOut);

    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([signedOut]);
    expect(ipc.listenerCount(eventChannel('session'))).toBe(0);
  });

  it('refuses unknown events and non-function listeners', () => {
    const api = createPreloadApi(fakeIpcRenderer().port);
    expect(() => api.on('cmd:ping' as never, () => {})).toThrow(/Unknown event/);
    expect(() => api.on('session', 'alert(1)' as never)).toThrow(/function/);
  });
});

describe('trusted sender', () => {
  const built = appLocation(undefined);
  const ours = {
    frameUrl: 'app://routed-matrix/index.html',
    isMainFrame: true,
    fromOurWindow: true,
  };

  it('trusts the main frame of our window on our page', () => {
    expect(isTrustedSender(ours, built)).toBe(true);
  });

  it.each([
    ['another window', { ...ours, fromOurWindow: false }],
    ['an iframe', { ...ours, isMainFrame: false }],
    ['a frame that is gone', { ...ours, frameUrl: null }],
    ['a page elsewhere', { ...ours, frameUrl: 'https://evil.example/' }],
    ['a file:// page', { ...ours, frameUrl: 'file:///tmp/index.html' }],
  ])('refuses %s', (_what, facts) => {
    expect(isTrustedSender(facts, built)).toBe(false);
  });
});

describe('main-side handlers', () => {
  function setUp(options: { dev?: string } = {}) {
    const registered = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: vi.fn(
        (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) =>
          registered.set(channel, handler),
      ),
      removeHandler: vi.fn((channel: string) => registered.delete(channel)),
    };
    const handlers = Object.fromEntries(
      commandNames.map((name) => [name, vi.fn(async () => ({ answeredBy: name }))]),
    ) as unknown as CommandHandlers & Record<string, ReturnType<typeof vi.fn>>;
    const window = { isDestroyed: () => false, webContents: { id: 7 } };
    const location = appLocation(options.dev);
    const unregister = registerIpcHandlers(ipcMain as never, {
      handlers,
      mainWindow: () => window as never,
      location,
      log: silentLog,
    });
    const pageUrl = location.entryUrl;
    const call = (
      name: string,
      payload: unknown,
      sender: { id?: number; url?: string; parent?: unknown; frame?: null } = {},
    ) => {
      const handler = registered.get(`cmd:${name}`);
      if (!handler) throw new Error(`no handler for ${name}`);
      const senderFrame =
        sender.frame === null
          ? null
          : { url: sender.url ?? pageUrl, parent: sender.parent ?? null };
      return handler({ sender: { id: sender.id ?? 7 }, senderFrame }, payload);
    };
    return { registered, ipcMain, handlers, unregister, call };
  }

  it('registers one handler per contract command and removes them all again', () => {
    const { registered, unregister } = setUp();
    expect([...registered.keys()]).toEqual(commandNames.map(commandChannel));
    unregister();
    expect(registered.size).toBe(0);
  });

  it('dispatches a valid request from our page to the core', async () => {
    const { call, handlers } = setUp();
    await expect(call('discover', { server: ' example.org ' })).resolves.toEqual({
      ok: true,
      value: { answeredBy: 'discover' },
    });
    expect(handlers.discover).toHaveBeenCalledWith({ server: 'example.org' });
  });

  it('validates the payload before the core sees it', async () => {
    const { call, handlers } = setUp();
    const result = await call('discover', { server: 'x', extra: 'no' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(handlers.discover).not.toHaveBeenCalled();
  });

  it.each([
    ['another web contents', { id: 8 }],
    ['an iframe of our page', { parent: {} }],
    ['a foreign page in our window', { url: 'https://evil.example/' }],
    ['a destroyed frame', { frame: null }],
  ] as const)('refuses %s without running the command', async (_what, sender) => {
    const { call, handlers } = setUp();
    const result = await call('ping', {}, sender);
    expect(result).toMatchObject({ ok: false, error: { code: 'M_FORBIDDEN' } });
    expect(handlers.ping).not.toHaveBeenCalled();
  });

  it('trusts the dev server page under npm start, and only it', async () => {
    const { call, handlers } = setUp({ dev: 'http://localhost:5173' });
    await expect(call('ping', {}, { url: 'http://localhost:5173/' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      call('ping', {}, { url: 'app://routed-matrix/index.html' }),
    ).resolves.toMatchObject({
      ok: false,
    });
    expect(handlers.ping).toHaveBeenCalledTimes(1);
  });
});

describe('event forwarding', () => {
  it('sends core events on their channel while there is a live window', () => {
    let emit: CoreEventListener = () => {};
    const unsubscribe = vi.fn();
    const core = {
      onEvent: (listener: CoreEventListener) => {
        emit = listener;
        return unsubscribe;
      },
    };
    const target = { send: vi.fn(), isDestroyed: vi.fn(() => false) };
    let current: typeof target | null = null;

    const stop = forwardCoreEvents(core, () => current);
    emit('session', signedOut);
    current = target;
    emit('session', signedOut);
    target.isDestroyed.mockReturnValue(true);
    emit('identity', {} as AppEvents['identity']);
    stop();

    expect(target.send).toHaveBeenCalledTimes(1);
    expect(target.send).toHaveBeenCalledWith('evt:session', signedOut);
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});
