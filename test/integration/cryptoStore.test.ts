/**
 * The crypto store survives its process: a clean restart, and a SIGKILL right after a commit.
 * Each app instance is a child process (cryptoStoreChild.ts) on the fixture homeserver, which
 * stores the device keys Rust crypto publishes (keysRoutes.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersistentIndexedDb } from '../../electron/core/crypto/PersistentIndexedDb.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { tempDataDir } from '../unit/crypto/cryptoTestSupport.js';
import type { ChildConfig } from './cryptoStoreChild.js';

const CHILD = join(import.meta.dirname, 'cryptoStoreChild.ts');

interface ChildLine {
  event: string;
  [field: string]: unknown;
}

class Child {
  readonly exited: Promise<NodeJS.Signals | number | null>;
  private readonly waiters: {
    test: (line: ChildLine) => boolean;
    resolve(line: ChildLine): void;
  }[] = [];
  readonly lines: ChildLine[] = [];

  constructor(readonly process: ChildProcess) {
    createInterface({ input: process.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as ChildLine;
      this.lines.push(line);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(line)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
    this.exited = new Promise((resolve) =>
      process.on('exit', (code, signal) => resolve(signal ?? code)),
    );
  }

  /** The first line (from now on) that passes `test`; rejects if the child exits first. */
  next(test: (line: ChildLine) => boolean): Promise<ChildLine> {
    return Promise.race([
      new Promise<ChildLine>((resolve) => this.waiters.push({ test, resolve })),
      this.exited.then((how) => {
        throw new Error(`child exited (${how}) first; it said ${JSON.stringify(this.lines)}`);
      }),
    ]);
  }
}

const children: ChildProcess[] = [];

/**
 * What the children logged as errors while running, and any commit the file refused at all.
 * Once asked to stop, Rust crypto work still under way (marking the key upload as sent, say) is
 * refused by the closed store and logged by the SDK: that is the expected end of such work (it
 * is redone at the next start), not a fault.
 */
function errorsOf(...of: Child[]): ChildLine[] {
  return of.flatMap((child) => {
    const stopping = child.lines.findIndex((l) => l.event === 'stopping');
    return child.lines.filter(
      (l, i) =>
        l.event === 'log' &&
        l.level === 'error' &&
        (stopping === -1 || i < stopping || String(l.message).startsWith('Crypto store')),
    );
  });
}

function startChild(config: ChildConfig): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Child(child);
}

// Each test starts two Node processes that load the WebAssembly crypto: seconds apiece when the
// machine is busy.
describe('crypto store across processes', { timeout: 60_000 }, () => {
  let data: ReturnType<typeof tempDataDir>;
  let hs: Homeserver | undefined;

  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await hs?.close();
    hs = undefined;
    data.remove();
  });

  async function device(): Promise<Extract<ChildConfig, { mode: 'device' }>> {
    hs ??= await startHomeserver({ users: [{ localpart: 'alice', password: 'alice-password' }] });
    const login = hs.login('alice', { deviceId: 'KILLTEST' });
    return {
      mode: 'device',
      dataDir: data.dir,
      baseUrl: hs.baseUrl,
      userId: login.user_id,
      deviceId: login.device_id,
      accessToken: login.access_token,
    };
  }

  /** The device keys the homeserver hands to anyone who asks (what other users encrypt to). */
  async function publishedKeys(config: Extract<ChildConfig, { mode: 'device' }>) {
    const response = await fetch(`${config.baseUrl}/_matrix/client/v3/keys/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.accessToken}` },
      body: JSON.stringify({ device_keys: { [config.userId]: [] } }),
    });
    const body = (await response.json()) as {
      device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
    };
    return Object.fromEntries(
      Object.entries(body.device_keys[config.userId] ?? {}).map(([id, d]) => [id, d.keys]),
    );
  }

  async function uploadAnswered(): Promise<void> {
    // The child uploads after its first sync; a loaded machine may take seconds to get there.
    await expect
      .poll(() => hs!.requests({ path: '/keys/upload' }).filter((r) => r.status === 200).length, {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
  }

  it('keeps the device identity keys when the app restarts', async () => {
    const config = await device();
    const first = startChild(config);
    const before = (await first.next((l) => l.event === 'started')).keys;
    await uploadAnswered();
    first.process.stdin!.write('stop\n');
    await first.next((l) => l.event === 'stopped');
    expect(await first.exited).toBe(0);

    const second = startChild(config);
    const after = (await second.next((l) => l.event === 'started')).keys;
    expect(after).toEqual(before);
    expect(errorsOf(first, second)).toEqual([]);
  });

  it('keeps them after a SIGKILL once the device is published, and publishes no other keys', async () => {
    const config = await device();
    const first = startChild(config);
    const before = (await first.next((l) => l.event === 'started')).keys as Record<string, string>;
    await uploadAnswered();
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const published = await publishedKeys(config);
    expect(published[config.deviceId]).toEqual({
      [`curve25519:${config.deviceId}`]: before.curve25519,
      [`ed25519:${config.deviceId}`]: before.ed25519,
    });

    hs!.resetRequests();
    const second = startChild(config);
    const after = (await second.next((l) => l.event === 'started')).keys;
    expect(after).toEqual(before);
    // Still one device with the same keys for everyone else: no new identity appeared.
    expect(await publishedKeys(config)).toEqual(published);
    expect(errorsOf(first, second)).toEqual([]);
  });

  it('loses no transaction it reported committed when SIGKILLed in the middle of writing', async () => {
    const writer = startChild({ mode: 'commits', dataDir: data.dir });
    await writer.next((l) => l.event === 'committed' && (l.n as number) >= 25);
    writer.process.kill('SIGKILL');
    expect(await writer.exited).toBe('SIGKILL');
    const reported = Math.max(
      ...writer.lines.filter((l) => l.event === 'committed').map((l) => l.n as number),
    );
    expect(writer.lines.filter((l) => l.event === 'writeFailure')).toEqual([]);

    const store = await PersistentIndexedDb.open(join(data.dir, 'commits.sqlite'), {
      onWriteFailure: (error) => {
        throw error;
      },
    });
    try {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = store.factory.open('commits');
        request.onsuccess = () => {
          const read = request.result.transaction('n').objectStore('n').getAllKeys();
          read.onsuccess = () => resolve(read.result);
          read.onerror = () => reject(read.error);
        };
        request.onerror = () => reject(request.error);
      });
      // Every reported commit is there, in order, with no gap (a later one may be too).
      expect(keys.length).toBeGreaterThanOrEqual(reported);
      expect(keys.slice(0, reported)).toEqual(Array.from({ length: reported }, (_, i) => i + 1));
    } finally {
      await store.close();
    }
  });
});
