/**
 * A child process for the crypto store's restart and kill tests (cryptoStore.test.ts): the
 * store must survive the process, so the process has to be a real one the test can SIGKILL.
 * Run as `node --import tsx cryptoStoreChild.ts '<json>'`. It writes one JSON line per event
 * on stdout with a synchronous write, so a line the parent reads was written before anything
 * that follows it in the child.
 *
 * Modes:
 * - `device`: starts a CryptoSession for the user on the fixture homeserver, syncs, prints
 *   `{event:"started", keys}`; on "stop" from stdin stops and exits (a clean shutdown).
 * - `commits`: commits transaction after transaction on a PersistentIndexedDb, printing
 *   `{event:"committed", n}` from inside each transaction's oncomplete, until killed.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'matrix-js-sdk';
import { CryptoSession } from '../../electron/core/crypto/CryptoSession.js';
import { PersistentIndexedDb } from '../../electron/core/crypto/PersistentIndexedDb.js';
import { createSdkLogger } from '../../electron/core/net/sdkLogger.js';
import type { Logger } from '../../electron/core/platform.js';
import { createNodePlatform } from '../node-platform/createNodePlatform.js';

export type ChildConfig =
  | {
      mode: 'device';
      dataDir: string;
      baseUrl: string;
      userId: string;
      deviceId: string;
      accessToken: string;
    }
  | { mode: 'commits'; dataDir: string };

const say = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);
const log: Logger = {
  info: (message, details) => say({ event: 'log', level: 'info', message, details }),
  warn: (message, details) => say({ event: 'log', level: 'warn', message, details }),
  error: (message, details) => say({ event: 'log', level: 'error', message, details }),
};

async function runDevice(config: Extract<ChildConfig, { mode: 'device' }>) {
  const platform = createNodePlatform({ dataDir: config.dataDir, log });
  const client = createClient({
    baseUrl: config.baseUrl,
    userId: config.userId,
    deviceId: config.deviceId,
    accessToken: config.accessToken,
    fetchFn: platform.fetch,
    logger: createSdkLogger(log),
  });
  const crypto = new CryptoSession({
    platform,
    directory: config.dataDir,
    userId: config.userId,
    deviceId: config.deviceId,
  });
  await crypto.start(client);
  await client.startClient({ initialSyncLimit: 1 });
  say({ event: 'started', keys: await client.getCrypto()!.getOwnDeviceKeys() });
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', async (text: string) => {
    if (!text.includes('stop')) return;
    say({ event: 'stopping' });
    client.stopClient();
    await crypto.stop();
    say({ event: 'stopped' });
    process.exit(0);
  });
}

async function runCommits(config: Extract<ChildConfig, { mode: 'commits' }>) {
  const store = await PersistentIndexedDb.open(join(config.dataDir, 'commits.sqlite'), {
    onWriteFailure: (error) => say({ event: 'writeFailure', error: String(error) }),
  });
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = store.factory.open('commits', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('n');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const commit = (n: number) => {
    const tx = db.transaction('n', 'readwrite');
    // A value big enough that a torn write would show.
    tx.objectStore('n').put({ n, padding: 'x'.repeat(4096) }, n);
    tx.oncomplete = () => {
      say({ event: 'committed', n });
      commit(n + 1);
    };
  };
  commit(1);
}

const config = JSON.parse(process.argv[2]!) as ChildConfig;
(config.mode === 'device' ? runDevice(config) : runCommits(config)).catch((error: unknown) => {
  say({ event: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
