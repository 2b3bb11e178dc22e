/**
 * The store file holds the device's secrets encrypted with the store key. Without a key, Rust
 * crypto stores the account as base64 JSON with the private identity keys in it
 * (`{"user_id":…,"pickle":{"signing_key":…,"diffie_hellman_key":[…]}}`); the control case
 * below shows the check finds exactly that, so its silence on the keyed store means something.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CryptoSession } from '../../../electron/core/crypto/CryptoSession.js';
import { installIndexedDbGlobals } from '../../../electron/core/crypto/indexedDbGlobals.js';
import { PersistentIndexedDb } from '../../../electron/core/crypto/PersistentIndexedDb.js';
import { SqliteImage } from '../../../electron/core/crypto/SqliteImage.js';
import {
  DEVICE_ID,
  USER_ID,
  offlineClient,
  tempDataDir,
  testPlatform,
} from './cryptoTestSupport.js';

/** Every string in every stored value, and what it decodes to if it is base64. */
function readableTexts(file: string): string[] {
  const image = new SqliteImage(file);
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      texts.push(value, Buffer.from(value, 'base64').toString('latin1'));
    } else if (value instanceof Uint8Array) {
      texts.push(Buffer.from(value).toString('latin1'));
    } else if (Array.isArray(value)) {
      if (value.every((n) => typeof n === 'number'))
        texts.push(Buffer.from(value).toString('latin1'));
      else value.forEach(visit);
    } else if (value instanceof Map) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  try {
    for (const database of image.databases()) {
      for (const store of database.stores) {
        for (const record of image.records(database.name, store.name)) visit(record.value);
      }
    }
  } finally {
    image.close();
  }
  return texts;
}

const PICKLED_ACCOUNT = /"pickle":\{"signing_key"/;

describe('the crypto store at rest', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.remove());

  it('control: without a key the file holds the pickled account, private keys and all', async () => {
    const file = join(data.dir, 'keyless.sqlite');
    const store = await PersistentIndexedDb.open(file, {
      onWriteFailure: (e) => {
        throw e;
      },
    });
    const uninstall = installIndexedDbGlobals(store.factory);
    const client = offlineClient();
    try {
      await client.initRustCrypto({});
    } finally {
      client.stopClient();
      await store.close();
      uninstall();
    }
    const account = readableTexts(file).find((text) => PICKLED_ACCOUNT.test(text));
    expect(account).toBeDefined();
    expect(account).toContain(`"device_id":"${DEVICE_ID}"`);
    expect(account).toMatch(/"diffie_hellman_key":\[(\d+,){31}\d+\]/);
  });

  it('with its key the file holds no pickled account, nor even the device ID in a value', async () => {
    const crypto = new CryptoSession({
      platform: testPlatform(data.dir),
      directory: data.dir,
      userId: USER_ID,
      deviceId: DEVICE_ID,
    });
    await crypto.start(offlineClient());
    await crypto.stop();

    const texts = readableTexts(crypto.location.file);
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.filter((text) => PICKLED_ACCOUNT.test(text))).toEqual([]);
    expect(texts.filter((text) => text.includes(DEVICE_ID))).toEqual([]);
    // The raw bytes too (main file and write-ahead log), in case a value escaped the decoding.
    const raw = Buffer.concat(
      [crypto.location.file, `${crypto.location.file}-wal`].flatMap((path) => {
        try {
          return [readFileSync(path)];
        } catch {
          return [];
        }
      }),
    ).toString('latin1');
    expect(raw).not.toContain('signing_key');
    expect(raw).not.toContain(DEVICE_ID);
  });
});
