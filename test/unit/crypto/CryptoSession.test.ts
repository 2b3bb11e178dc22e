import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CryptoSession } from '../../../electron/core/crypto/CryptoSession.js';
import { CryptoStoreError } from '../../../electron/core/crypto/CryptoStoreError.js';
import type { Platform } from '../../../electron/core/platform.js';
import {
  DEVICE_ID,
  USER_ID,
  offlineClient,
  tempDataDir,
  testPlatform,
} from './cryptoTestSupport.js';

describe('CryptoSession', () => {
  let data: ReturnType<typeof tempDataDir>;
  let platform: Platform;
  const sessions: CryptoSession[] = [];

  beforeEach(() => {
    data = tempDataDir();
    platform = testPlatform(data.dir);
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.stop();
    data.remove();
  });

  function session(): CryptoSession {
    const created = new CryptoSession({
      platform,
      directory: data.dir,
      userId: USER_ID,
      deviceId: DEVICE_ID,
    });
    sessions.push(created);
    return created;
  }

  async function startedKeys(crypto: CryptoSession) {
    const client = offlineClient();
    await crypto.start(client);
    return client.getCrypto()!.getOwnDeviceKeys();
  }

  it('runs one session per process: another start is refused, and one queued behind a sign-out waits for it', async () => {
    const first = session();
    await startedKeys(first);
    const bob = new CryptoSession({
      platform,
      directory: data.dir,
      userId: '@bob:crypto.test',
      deviceId: 'BOBDEVICE',
    });
    sessions.push(bob);
    const bobClient = () => offlineClient('@bob:crypto.test', 'BOBDEVICE');
    await expect(bob.start(bobClient())).rejects.toThrow(/Another crypto session runs/);
    expect(existsSync(bob.location.file)).toBe(false);

    // Sign-out, then at once another sign-in: the start waits for the delete to finish.
    const deleting = first.deleteStore();
    const client = bobClient();
    const starting = bob.start(client);
    await Promise.all([deleting, starting]);
    expect(existsSync(first.location.file)).toBe(false);
    expect((await client.getCrypto()!.getOwnDeviceKeys()).ed25519).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it('keeps the device identity keys across a restart', async () => {
    const first = session();
    const before = await startedKeys(first);
    await first.stop();

    const after = await startedKeys(session());
    expect(after).toEqual(before);
    expect(before.ed25519).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it('reports a store whose key is gone, and starts nothing', async () => {
    const first = session();
    await startedKeys(first);
    await first.stop();
    platform.settings.delete('cryptoStoreKeys');

    const error = await session()
      .start(offlineClient())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoStoreError);
    expect(error).toMatchObject({ code: 'crypto_store_key_missing', signOutMends: true });
    expect((error as Error).message).toContain(USER_ID);
    // The failed start left nothing behind: a session can still start after the store is reset.
    await session().deleteStore();
    await expect(startedKeys(session())).resolves.toBeDefined();
  });

  it('reports a store opened with another key', async () => {
    const first = session();
    await startedKeys(first);
    await first.stop();
    const other = Buffer.alloc(32, 7).toString('base64');
    const stored = platform.settings.get('cryptoStoreKeys') as Record<string, string>;
    platform.settings.set('cryptoStoreKeys', {
      [first.location.id]: platform.secrets.encrypt(other),
    });
    expect(Object.keys(stored)).toEqual([first.location.id]);

    const error = await session()
      .start(offlineClient())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'crypto_store_wrong_key', signOutMends: true });
    expect((error as Error).message).toMatch(/could not be opened with its key \(.+\)/);
  });

  it('reports a key the secure storage can no longer unseal', async () => {
    const first = session();
    await startedKeys(first);
    await first.stop();
    // What another OS account's or a reset keyring's safeStorage hands back.
    platform.settings.set('cryptoStoreKeys', { [first.location.id]: 'sealed-elsewhere' });

    await expect(session().start(offlineClient())).rejects.toMatchObject({
      code: 'crypto_store_key_unreadable',
      signOutMends: true,
      message: expect.stringContaining('could not be unsealed'),
    });
  });

  it('reports a store file that is gone while its key is still there', async () => {
    const first = session();
    const before = await startedKeys(first);
    await first.stop();
    rmSync(first.location.file);
    rmSync(`${first.location.file}-wal`, { force: true });

    // Not a new identity under the old device ID, which other devices would see as a swap.
    await expect(session().start(offlineClient())).rejects.toMatchObject({
      code: 'crypto_store_missing',
      signOutMends: true,
      message: expect.stringContaining(first.location.file),
    });
    expect(before).toBeDefined();
  });

  it('refuses to keep a new store where the system offers no secure storage', async () => {
    platform = { ...platform, secrets: { ...platform.secrets, isAvailable: () => false } };
    const crypto = session();
    await expect(crypto.start(offlineClient())).rejects.toMatchObject({
      code: 'crypto_store_no_secure_storage',
      signOutMends: false,
    });
    expect(existsSync(crypto.location.file)).toBe(false);
    expect(platform.settings.get('cryptoStoreKeys')).toBeUndefined();
  });

  it('reports a store file that is not a store', async () => {
    const crypto = session();
    writeFileSync(
      crypto.location.file,
      'this is not an SQLite database, it is long enough to tell',
    );
    const key = platform.secrets.encrypt(Buffer.alloc(32, 1).toString('base64'));
    platform.settings.set('cryptoStoreKeys', { [crypto.location.id]: key });

    await expect(crypto.start(offlineClient())).rejects.toMatchObject({
      code: 'crypto_store_unreadable',
      signOutMends: false,
      message: expect.stringContaining(crypto.location.file),
    });
  });

  it('sign-out deletes the store file and its key', async () => {
    const crypto = session();
    await startedKeys(crypto);
    expect(existsSync(crypto.location.file)).toBe(true);
    expect(platform.settings.get('cryptoStoreKeys')).toHaveProperty(crypto.location.id);

    await crypto.deleteStore();

    expect(existsSync(crypto.location.file)).toBe(false);
    expect(existsSync(`${crypto.location.file}-wal`)).toBe(false);
    expect(platform.settings.get('cryptoStoreKeys')).not.toHaveProperty(crypto.location.id);
  });
});
