/**
 * `npm run browser`: the app in any local browser, without Electron. Prints exactly one line
 * `App: http://127.0.0.1:<port>/#token=<token>`. APP_PORT picks the port (else a free one),
 * APP_DATA_DIR the data directory (else a fresh temporary one), APP_EXTRA_CA_FILE a CA to trust,
 * APP_DEFAULT_IDENTITY_SERVER the app-level default identity server (below any config file),
 * end-to-end encryption is on as in the desktop app (its store in the data directory; APP_E2EE=0
 * turns it off), APP_BRIDGE_TOKEN keeps the page token of an earlier start (the demo's restarts),
 * APP_QUIT_WITH_PARENT=1 quits when stdin ends (the demo's apps: see below).
 *
 * The managed configuration is read as Electron main reads it: the system file, then
 * APP_DATA_DIR/config.json, then `--config PATH` or ROUTED_MATRIX_CONFIG
 * (`npm run browser -- --config demo.json`). Its problems go to stderr, one line each.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadManagedConfig } from '../../electron/config/loadManagedConfig.js';
import { readAppConfig } from '../../electron/config/readAppConfig.js';
import type { Logger } from '../../electron/core/platform.js';
import { startBridgedApp } from './startBridgedApp.js';

const port = process.env.APP_PORT ? Number(process.env.APP_PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error(`APP_PORT must be a port number, got "${process.env.APP_PORT}"`);
  process.exit(2);
}

const stderrLog: Logger = { info: () => {}, warn: stderrLine, error: stderrLine };
const managedConfig = loadManagedConfig({
  platform: process.platform,
  env: process.env,
  argv: process.argv.slice(2),
  userDataDir: process.env.APP_DATA_DIR || null,
});
const appConfig = readAppConfig(process.env, '0.1.0', stderrLog, managedConfig);

const app = await startBridgedApp({
  ...(port !== undefined ? { port } : {}),
  ...(process.env.APP_DATA_DIR ? { dataDir: process.env.APP_DATA_DIR } : {}),
  ...(process.env.APP_EXTRA_CA_FILE
    ? { extraCaPem: readFileSync(process.env.APP_EXTRA_CA_FILE, 'utf8') }
    : {}),
  defaultIdentityServer: appConfig.defaultIdentityServer,
  managedConfig,
  openExternal: openInSystemBrowser,
  e2ee: process.env.APP_E2EE !== '0',
  // The core's log goes to stderr: stdout carries the one App: line that scripts wait for.
  log: { info: stderrLine, warn: stderrLine, error: stderrLine },
  ...(process.env.APP_BRIDGE_TOKEN ? { token: process.env.APP_BRIDGE_TOKEN } : {}),
});
console.log(`App: ${app.bridge.url}`);

let quitting = false;
const quit = () => {
  if (quitting) return;
  quitting = true;
  void app.close().then(() => process.exit(0));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, quit);
// The demo starts each app in a process group of its own (so that Ctrl-C reaches the demo
// alone); were the demo killed outright, nothing would stop them and they would keep their
// ports. With APP_QUIT_WITH_PARENT=1 the parent holds this process's stdin open: when it ends,
// the parent is gone, and the app quits as on SIGTERM.
if (process.env.APP_QUIT_WITH_PARENT === '1') process.stdin.once('end', quit).resume();

/** SSO needs a real browser; where there is none, the URL is printed for the person to open. */
async function openInSystemBrowser(url: string): Promise<void> {
  console.error(`Opening in your browser: ${url}`);
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error('Could not start a browser; open the URL above yourself.'));
  child.unref();
}

/** Warnings (config problems among them) as one line each on stderr; stdout stays one line. */
function stderrLine(message: string, details?: Record<string, unknown>): void {
  console.error(details ? `${message}: ${JSON.stringify(details)}` : message);
}
