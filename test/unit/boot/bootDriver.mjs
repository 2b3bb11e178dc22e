/**
 * Child process of the boot test (mainBoot.test.ts), run by plain Node 24:
 *
 *   node bootDriver.mjs main <build dir>     loads main.js, plays Electron's part, quits it
 *   node bootDriver.mjs preload <build dir>  loads preload.cjs and calls the API it exposed
 *
 * 'electron' is replaced at the import boundary (module.registerHooks, for import and require
 * alike) by electronStub.mjs, which records what is asked of it. The driver writes one JSON
 * report to the file BOOT_REPORT names (stdout is main's log) and exits.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, buildDir] = process.argv.slice(2);
const reportFile = process.env.BOOT_REPORT;
if (!reportFile || !buildDir || (mode !== 'main' && mode !== 'preload')) {
  throw new Error('usage: BOOT_REPORT=<file> node bootDriver.mjs main|preload <build dir>');
}
const stubUrl = new URL('./electronStub.mjs', import.meta.url).href;
// The bundles sit in a temporary directory; their runtime dependencies are the project's.
const projectUrl = new URL('../../../package.json', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron' || specifier.startsWith('electron/')) {
      return { url: stubUrl, format: 'module', shortCircuit: true };
    }
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (/^[./]|^node:|^file:/.test(specifier)) throw error;
      return nextResolve(specifier, { ...context, parentURL: projectUrl });
    }
  },
});

const stub = await import(stubUrl);
const { recorder } = stub;

/** Fails the boot instead of hanging it when an awaited step never comes. */
function within(promise, what, ms = 30_000) {
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const callsOf = (api) => recorder.of(api).map((call) => call.args);
/** Where main's requests go: net.fetch, and net.request for those that follow no redirect. */
const NETWORK_APIS = ['net.fetch', 'net.request'];

/** main's log lines (consoleLogger writes through console), kept for the report and barriers. */
const logged = [];
const logEvents = new EventEmitter();
for (const level of ['info', 'warn', 'error']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    const line = args.map(String).join(' ');
    logged.push(line);
    logEvents.emit('line', line);
    original(...args);
  };
}
function whenLogged(pattern) {
  const found = logged.find((line) => pattern.test(line));
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const listener = (line) => {
      if (!pattern.test(line)) return;
      logEvents.off('line', listener);
      resolve(line);
    };
    logEvents.on('line', listener);
  });
}

async function bootMain() {
  // What the OS adds to the command line (a link that starts the app).
  process.argv.push(...JSON.parse(process.env.BOOT_ARGV ?? '[]'));
  await import(pathToFileURL(path.join(buildDir, 'main.js')).href);

  const lockTaken = process.env.BOOT_LOCK === 'taken';
  if (lockTaken) {
    // The second instance: it must quit at once, before the app is even ready.
    await within(
      recorder.when((call) => call.api === 'app.quit'),
      'app.quit',
    );
  } else {
    // Barriers: the window loads its page, and the core, started, reaches for the homeserver of
    // the stored session (BOOT_HOMESERVER) through net.fetch or net.request.
    await within(
      recorder.when((call) => call.api === 'BrowserWindow.loadURL'),
      'the window to load its page',
    );
    const homeserver = process.env.BOOT_HOMESERVER;
    if (homeserver) {
      await within(
        recorder.when(
          (call) =>
            NETWORK_APIS.includes(call.api) &&
            requestUrl(call.args[0]).startsWith(`${homeserver}/`),
        ),
        'the core to contact the stored homeserver',
      );
    }
  }

  // BOOT_WAIT_FOR_LOG: a line main logs later (the updater's first look, for one).
  if (process.env.BOOT_WAIT_FOR_LOG) {
    const pattern = new RegExp(process.env.BOOT_WAIT_FOR_LOG);
    await within(whenLogged(pattern), `a log line matching ${pattern}`);
  }

  const report = {
    logged,
    calls: recorder.calls.map((call) => call.api),
    enableSandbox: callsOf('app.enableSandbox').length,
    privilegedSchemes: callsOf('protocol.registerSchemesAsPrivileged').map(([schemes]) => schemes),
    singleInstanceLock: callsOf('app.requestSingleInstanceLock').length,
    appEvents: stub.appEvents.eventNames(),
    windows: callsOf('new BrowserWindow').map(([options]) => options),
    loadedUrls: callsOf('BrowserWindow.loadURL').map(([url]) => url),
    openDevTools: recorder.calls.filter((call) => call.api.endsWith('.openDevTools')).length,
    applicationMenus: callsOf('Menu.setApplicationMenu').map(([menu]) => menu),
    ipcHandles: callsOf('ipcMain.handle').map(([channel]) => channel),
    ipcListeners: callsOf('ipcMain.on').map(([channel]) => channel),
    permissionHandlers: [
      'defaultSession.setPermissionRequestHandler',
      'defaultSession.setPermissionCheckHandler',
      'defaultSession.setDevicePermissionHandler',
    ].filter((api) => recorder.of(api).length > 0),
    fetched: NETWORK_APIS.flatMap(callsOf)
      .map(([input]) => requestUrl(input))
      .filter((url) => !url.startsWith('file:'))
      .map((url) => {
        const { origin, pathname } = new URL(url);
        return origin + pathname;
      }),
    decrypted: callsOf('safeStorage.decryptString').length,
    quits: callsOf('app.quit').length,
    protocolClients: callsOf('app.setAsDefaultProtocolClient').map(([scheme]) => scheme),
    exits: callsOf('app.exit').map(([code]) => code),
  };
  if (!lockTaken) {
    Object.assign(report, await exerciseMain());
    report.quitAfterShutdown = await quitLikeElectron();
  }
  return report;
}

/** A URL, a Request or net.request's options. */
function requestUrl(input) {
  return typeof input === 'string' ? input : input.url;
}

/** What the running main does when Electron (played here) brings it requests and events. */
async function exerciseMain() {
  const result = {};

  // The app:// scheme serves the built page with the policy header.
  const appHandler = stub.session.defaultSession.protocol.handlers.get('app');
  if (appHandler) {
    const page = await appHandler(new Request('app://routed-matrix/index.html'));
    result.appPage = {
      status: page.status,
      csp: page.headers.get('Content-Security-Policy'),
      nosniff: page.headers.get('X-Content-Type-Options'),
      body: await page.text(),
    };
    const escape = await appHandler(new Request('app://routed-matrix/..%2f..%2fmain.js'));
    result.appEscapeStatus = escape.status;
  }

  // The header hook puts the same policy on any document the session loads.
  const [hook] = callsOf('session.webRequest.onHeadersReceived').map(([listener]) => listener);
  if (hook) {
    result.documentCsp = await new Promise((resolve) =>
      hook({ resourceType: 'mainFrame', responseHeaders: {} }, resolve),
    );
  }

  // The guard: what a freshly created web contents (not the window) gets, and what it does.
  const other = stub.createWebContents('other');
  result.guardedEvents = other.events.eventNames();
  result.otherHasWindowOpenHandler = other.state.windowOpenHandler !== null;
  result.windowGuardedEvents = callsOf('webContents(window).on').map(([event]) => event);
  const opened = [];
  const before = recorder.of('shell.openExternal').length;
  for (const url of ['https://matrix.org/a b', 'file:///etc/passwd', 'http://example.org/']) {
    const navigation = {
      url,
      prevented: false,
      preventDefault: () => (navigation.prevented = true),
    };
    other.events.emit('will-navigate', navigation);
    opened.push({ url, prevented: navigation.prevented });
  }
  const popup = other.state.windowOpenHandler?.({ url: 'https://matrix.org/popup' });
  // openExternal runs a promise turn later; the popup's URL, handed out last, is the barrier.
  if (popup !== undefined) {
    await within(
      recorder.when(
        (call) => call.api === 'shell.openExternal' && call.args[0] === 'https://matrix.org/popup',
      ),
      'the popup URL to reach the OS',
    );
  }
  result.navigations = opened;
  result.popupAnswer = popup;
  result.handedToOs = callsOf('shell.openExternal')
    .slice(before)
    .map(([url]) => url);
  const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
  other.events.emit('will-attach-webview', webview);
  result.webviewPrevented = webview.prevented;

  // IPC: the app page is answered by the core; another page, even in our window, is refused.
  const ping = stub.ipcMain.handlers.get('cmd:ping');
  const [window] = stub.windows;
  if (ping && window) {
    const from = (url) => ({ sender: window.webContents, senderFrame: { url, parent: null } });
    result.pingFromPage = await ping(from('app://routed-matrix/index.html'), {});
    result.pingFromElsewhere = await ping(from('https://attacker.example/'), {});
  }

  // The first paint: the window is shown (maximized first, if it was closed maximized).
  for (const [event, listener] of callsOf('BrowserWindow.once')) {
    if (event === 'ready-to-show') listener();
  }
  result.shownAs = recorder.calls
    .map((call) => call.api)
    .filter((api) => api === 'BrowserWindow.maximize' || api === 'BrowserWindow.show');

  // Links from the OS: the one the app started with is there when the page asks; one from a
  // second launch is sent to the window, which comes to the front.
  const desktopState = stub.ipcMain.handlers.get('cmd:desktopState');
  if (desktopState && window) {
    const page = {
      sender: window.webContents,
      senderFrame: { url: 'app://routed-matrix/index.html', parent: null },
    };
    result.desktopStateAtStart = await desktopState(page, {});
    const focusBefore = recorder.of('BrowserWindow.focus').length;
    stub.appEvents.emit('second-instance', {}, [
      '/opt/Routed Matrix/routed-matrix',
      '--enable-features=x',
      'https://matrix.to/#/@bob:example.org',
    ]);
    result.secondInstanceFocused = recorder.of('BrowserWindow.focus').length - focusBefore;
    result.desktopEvents = callsOf('webContents(window).send')
      .filter(([channel]) => channel === 'evt:desktop')
      .map(([, payload]) => payload);
    result.restartToUpdate = await stub.ipcMain.handlers.get('cmd:restartToUpdate')?.(page, {});
  }
  return result;
}

/** Electron's quit: 'before-quit' to every listener; main holds it until the core is disposed. */
async function quitLikeElectron() {
  const quitsBefore = recorder.of('app.quit').length;
  let prevented = false;
  stub.appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
  await within(
    recorder.when(
      (call) => call.api === 'app.quit' && recorder.of('app.quit').length > quitsBefore,
    ),
    'main to quit after shutting the core down',
  );
  return {
    heldBack: prevented,
    handlersLeft: [...stub.ipcMain.handlers.keys()],
  };
}

async function bootPreload() {
  const require = createRequire(import.meta.url);
  require(path.join(buildDir, 'preload.cjs'));
  const exposed = callsOf('contextBridge.exposeInMainWorld');
  const report = {
    exposed: exposed.map(([name, api]) => ({
      name,
      keys: Object.keys(api).sort(),
      types: Object.fromEntries(Object.entries(api).map(([key, value]) => [key, typeof value])),
    })),
  };
  const api = exposed[0]?.[1];
  if (api) Object.assign(report, await callPreloadApi(api));
  report.calls = recorder.calls.map((call) => call.api);
  return report;
}

/** What the page would do with the exposed API: every contract name, and some that are not. */
async function callPreloadApi(api) {
  const report = {};
  const commands = JSON.parse(process.env.BOOT_COMMANDS ?? '[]');
  const events = JSON.parse(process.env.BOOT_EVENTS ?? '[]');
  // Pairs, not an object: a key such as __proto__ would not survive as one.
  report.invokeAnswers = [];
  for (const name of [...commands, 'notACommand', '__proto__', 'constructor']) {
    report.invokeAnswers.push([name, await api.invoke(name, {})]);
  }
  report.onRefused = [];
  for (const name of [...events, 'notAnEvent', 'cmd:ping', '__proto__']) {
    try {
      api.on(name, () => {});
    } catch {
      report.onRefused.push(name);
    }
  }
  report.invokedChannels = callsOf('ipcRenderer.invoke').map(([channel]) => channel);
  report.listenedChannels = callsOf('ipcRenderer.on').map(([channel]) => channel);
  return report;
}

const report = mode === 'main' ? await bootMain() : await bootPreload();
writeFileSync(reportFile, JSON.stringify(report, null, 2));
// main's timers, sockets and pending requests would keep Node alive; the report is written.
process.exit(0);
