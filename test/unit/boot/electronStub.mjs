/**
 * A recording stand-in for the 'electron' module, for the boot test (bootDriver.mjs maps every
 * import and require of 'electron' here). It answers what main and preload ask of Electron the
 * way Electron would, just enough for them to run, and records every call in `recorder` so the
 * test can check what was asked. A method it does not know is recorded and answers undefined, so
 * a new Electron call in main shows up in the report instead of crashing the boot.
 *
 * Environment: BOOT_USER_DATA (app.getPath('userData')), BOOT_PACKAGED=1 (app.isPackaged),
 * BOOT_LOCK=taken (another instance holds the single-instance lock), BOOT_ARGV (a JSON list the
 * driver appends to the command line, as the OS appends a link).
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Every call made on the stub, in order: `{ api: 'app.on', args: [...] }`. */
export const recorder = Object.assign(new EventEmitter(), {
  calls: [],
  record(api, args) {
    const call = { api, args };
    this.calls.push(call);
    this.emit('call', call);
    return call;
  },
  /** The calls of one API, e.g. `ipcMain.handle`. */
  of(api) {
    return this.calls.filter((call) => call.api === api);
  },
  /** Resolves with the first call that matches, now or later. */
  when(predicate) {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const listener = (call) => {
        if (!predicate(call)) return;
        this.off('call', listener);
        resolve(call);
      };
      this.on('call', listener);
    });
  },
});

/**
 * An object whose known members are `impl`'s (functions among them recorded as `name.member`)
 * and whose unknown members are recording no-ops. Never thenable, so `await`ing it is harmless.
 */
function recorded(name, impl = {}) {
  return new Proxy(impl, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop === 'then') return Reflect.get(target, prop, receiver);
      if (prop in target) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || /^[A-Z]/.test(prop)) return value;
        return (...args) => {
          recorder.record(`${name}.${prop}`, args);
          return value.apply(target, args);
        };
      }
      return (...args) => {
        recorder.record(`${name}.${prop}`, args);
        return undefined;
      };
    },
  });
}

/** Listeners kept per event, so the driver can play Electron's part (emit 'before-quit'). */
function emitterImpl(emitter) {
  return {
    on(event, listener) {
      emitter.on(event, listener);
      return this;
    },
    once(event, listener) {
      emitter.once(event, listener);
      return this;
    },
    off(event, listener) {
      emitter.off(event, listener);
      return this;
    },
    removeListener(event, listener) {
      emitter.off(event, listener);
      return this;
    },
  };
}

export const appEvents = new EventEmitter();
let ready = false;

export const app = recorded('app', {
  ...emitterImpl(appEvents),
  get isPackaged() {
    return process.env.BOOT_PACKAGED === '1';
  },
  enableSandbox() {},
  requestSingleInstanceLock() {
    return process.env.BOOT_LOCK !== 'taken';
  },
  whenReady() {
    return new Promise((resolve) => {
      setImmediate(() => {
        ready = true;
        resolve();
      });
    });
  },
  isReady() {
    return ready;
  },
  getVersion() {
    return '9.9.9-boot';
  },
  getName() {
    return 'routed-matrix';
  },
  getPath(name) {
    if (!process.env.BOOT_USER_DATA) throw new Error('BOOT_USER_DATA is not set');
    return `${process.env.BOOT_USER_DATA}/${name === 'userData' ? '' : name}`.replace(/\/$/, '');
  },
  quit() {},
  exit() {},
});

let nextWebContentsId = 1;

/** A web contents: listeners kept (the driver fires them), every call recorded. */
export function createWebContents(label) {
  const events = new EventEmitter();
  const state = { windowOpenHandler: null };
  const contents = recorded(`webContents(${label})`, {
    ...emitterImpl(events),
    id: nextWebContentsId++,
    events,
    state,
    setWindowOpenHandler(handler) {
      state.windowOpenHandler = handler;
    },
    isDestroyed() {
      return false;
    },
    send() {},
    openDevTools() {},
  });
  // Electron emits this on app for every web contents it creates.
  appEvents.emit('web-contents-created', { preventDefault() {} }, contents);
  return contents;
}

/** Every window main opened, newest last. */
export const windows = [];

export class BrowserWindow {
  constructor(options) {
    recorder.record('new BrowserWindow', [options]);
    const events = new EventEmitter();
    this.webContents = createWebContents('window');
    const window = recorded('BrowserWindow', {
      ...emitterImpl(events),
      options,
      webContents: this.webContents,
      loadURL: async () => {},
      isDestroyed: () => false,
      isMinimized: () => false,
      isMaximized: () => false,
      isFullScreen: () => false,
      getNormalBounds: () => ({ x: 0, y: 0, width: 1100, height: 760 }),
      maximize() {},
      show() {},
      focus() {},
      restore() {},
    });
    windows.push(window);
    return window;
  }
}

export const ipcMain = recorded('ipcMain', {
  handlers: new Map(),
  handle(channel, handler) {
    this.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
  on() {
    return this;
  },
});

export const protocol = recorded('protocol', {
  handlers: new Map(),
  registerSchemesAsPrivileged() {},
  handle(scheme, handler) {
    this.handlers.set(scheme, handler);
  },
});

const webRequest = recorded('session.webRequest', {
  onHeadersReceived() {},
});

export const session = recorded('session', {
  defaultSession: recorded('defaultSession', {
    protocol: recorded('defaultSession.protocol', {
      handlers: new Map(),
      handle(scheme, handler) {
        this.handlers.set(scheme, handler);
      },
    }),
    webRequest,
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
  }),
});

/** Requests to the network wait until their caller gives up: nothing answers here. */
function pendingUntilAborted(signal) {
  return new Promise((_resolve, reject) => {
    const abort = () => reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}

export const net = recorded('net', {
  async fetch(input, init) {
    const url = typeof input === 'string' ? input : input.url;
    // Chromium's file loader, for the app:// handler's reads of the built renderer.
    if (url.startsWith('file:')) {
      return new Response(await readFile(fileURLToPath(url)), {
        headers: { 'Content-Type': url.endsWith('.html') ? 'text/html' : 'text/plain' },
      });
    }
    return pendingUntilAborted(init?.signal ?? (typeof input === 'string' ? null : input.signal));
  },
  /** A ClientRequest (the platform's fetch for manual redirects) that nothing answers. */
  request() {
    return Object.assign(new EventEmitter(), {
      setHeader() {},
      end() {},
      abort() {},
    });
  },
  isOnline() {
    return true;
  },
});

export const shell = recorded('shell', {
  async openExternal() {},
});

/** Reversible and visibly not the plain text, like the unit tests' stand-in for OS encryption. */
export const safeStorage = recorded('safeStorage', {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain) => Buffer.from(`sealed:${plain}`, 'utf8'),
  decryptString(sealed) {
    const text = Buffer.from(sealed).toString('utf8');
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext');
    return text.slice('sealed:'.length);
  },
});

export const Menu = recorded('Menu', {
  setApplicationMenu() {},
  buildFromTemplate: (template) => ({ template }),
});

// Preload's side.
export const contextBridge = recorded('contextBridge', {
  exposeInMainWorld() {},
});

export const ipcRenderer = recorded('ipcRenderer', {
  ...emitterImpl(new EventEmitter()),
  async invoke(channel) {
    return { ok: true, value: { channel } };
  },
});

// Everything else Electron exports: present, so a new import links, and recorded when used.
export const autoUpdater = recorded('autoUpdater');
export const BaseWindow = recorded('BaseWindow');
export const clipboard = recorded('clipboard');
export const crashReporter = recorded('crashReporter');
export const desktopCapturer = recorded('desktopCapturer');
export const dialog = recorded('dialog');
export const globalShortcut = recorded('globalShortcut');
export const MenuItem = recorded('MenuItem');
export const MessageChannelMain = recorded('MessageChannelMain');
export const nativeImage = recorded('nativeImage');
export const nativeTheme = recorded('nativeTheme');
export const Notification = recorded('Notification');
export const powerMonitor = recorded('powerMonitor', emitterImpl(new EventEmitter()));
export const powerSaveBlocker = recorded('powerSaveBlocker');
/** One 1920x1080 display with a 30 px panel at the top. */
export const screen = recorded('screen', {
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 30, width: 1920, height: 1050 } }],
  getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 30, width: 1920, height: 1050 } }),
});
export const systemPreferences = recorded('systemPreferences');
export const Tray = recorded('Tray');
export const utilityProcess = recorded('utilityProcess');
export const webContents = recorded('webContents');
export const WebContentsView = recorded('WebContentsView');
export const webFrame = recorded('webFrame');
export const webFrameMain = recorded('webFrameMain');
export const webUtils = recorded('webUtils');

export default {
  app,
  autoUpdater,
  BaseWindow,
  BrowserWindow,
  clipboard,
  contextBridge,
  crashReporter,
  desktopCapturer,
  dialog,
  globalShortcut,
  ipcMain,
  ipcRenderer,
  Menu,
  MenuItem,
  MessageChannelMain,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  systemPreferences,
  Tray,
  utilityProcess,
  webContents,
  WebContentsView,
  webFrame,
  webFrameMain,
  webUtils,
};
