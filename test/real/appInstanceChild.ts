/**
 * One app instance for the real-server tier, in a process of its own: the app's core on the
 * Node platform with end-to-end encryption on (its store in the data directory, as Electron's
 * userData), behind the test bridge, which carries the IPC contract over a WebSocket as the
 * browser build does. A process per instance because Rust crypto finds IndexedDB as one global
 * per process, and because only a real process can be SIGKILLed.
 *
 * Run as `node --import tsx appInstanceChild.ts '<json config>'`. Prints one line on stdout,
 * `{"url": "http://127.0.0.1:<port>/#token=<token>"}`, once the core has started. "stop" on
 * stdin, SIGTERM or the parent going away (stdin closed) stops the app cleanly and exits 0.
 * The app's log goes to `app.log` in the data directory (read it when a test fails).
 */
import { appendFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../electron/core/platform.js';
import { startBridgedApp } from '../bridge/startBridgedApp.js';

export interface AppInstanceConfig {
  dataDir: string;
  /** Sydent's TLS front is its own CA (realServers.ts sydentTlsCa). */
  extraCaPem: string;
  defaultIdentityServer: string;
}

const config = JSON.parse(process.argv[2]!) as AppInstanceConfig;
const logFile = join(config.dataDir, 'app.log');
const line = (level: string) => (message: string, details?: Record<string, unknown>) =>
  appendFileSync(
    logFile,
    `${new Date().toISOString()} ${level} ${message}${details ? ` ${JSON.stringify(details)}` : ''}\n`,
  );
const log: Logger = { info: line('info'), warn: line('warn'), error: line('error') };

const app = await startBridgedApp({
  dataDir: config.dataDir,
  extraCaPem: config.extraCaPem,
  defaultIdentityServer: config.defaultIdentityServer,
  e2ee: true,
  log,
});
// A synchronous write: the parent reads the line only once the core is up.
writeSync(1, `${JSON.stringify({ url: app.bridge.url })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('test: stopping the app');
  await app.close();
  log.info('test: stopped');
  process.exit(0);
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (text.includes('stop')) void stop();
});
process.stdin.on('end', () => void stop());
process.once('SIGTERM', () => void stop());
