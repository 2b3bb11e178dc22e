/**
 * The key of each device's crypto store: 32 random bytes, given to Rust crypto as its
 * `storageKey` (it encrypts the store's values with it), kept in settings sealed by the
 * platform's SecretBox (safeStorage in Electron). It lives only in the main process: nothing
 * here is part of the IPC contract.
 */
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import type { Platform } from '../platform.js';

const SETTINGS_KEY = 'cryptoStoreKeys';
const KEY_BYTES = 32;

/** Sealed keys by store id (cryptoStoreLocation.ts). */
const storedSchema = v.record(v.string(), v.string());

export type LoadedKey =
  | { status: 'found'; key: Uint8Array }
  | { status: 'missing' }
  | { status: 'unreadable'; reason: string };

export class CryptoStoreKeys {
  constructor(private readonly platform: Pick<Platform, 'secrets' | 'settings'>) {}

  /** A new key for `storeId`, sealed and saved before it is returned. */
  create(storeId: string): Uint8Array | null {
    if (!this.platform.secrets.isAvailable()) return null;
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    const sealed = this.platform.secrets.encrypt(Buffer.from(key).toString('base64'));
    this.platform.settings.set(SETTINGS_KEY, { ...this.stored(), [storeId]: sealed });
    return key;
  }

  load(storeId: string): LoadedKey {
    const sealed = this.stored()[storeId];
    if (sealed === undefined) return { status: 'missing' };
    let plain: string;
    try {
      plain = this.platform.secrets.decrypt(sealed);
    } catch (error) {
      return {
        status: 'unreadable',
        reason: error instanceof Error ? error.message : String(error),
      };
    }
    const key = Buffer.from(plain, 'base64');
    if (key.length !== KEY_BYTES) {
      return { status: 'unreadable', reason: `the unsealed key has ${key.length} bytes, not 32` };
    }
    return { status: 'found', key: new Uint8Array(key) };
  }

  forget(storeId: string): void {
    const { [storeId]: _gone, ...rest } = this.stored();
    this.platform.settings.set(SETTINGS_KEY, rest);
  }

  private stored(): Record<string, string> {
    const parsed = v.safeParse(storedSchema, this.platform.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.output : {};
  }
}
