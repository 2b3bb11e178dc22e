/**
 * The end-to-end encryption of one signed-in device: matrix-js-sdk's Rust crypto running in the
 * main process on a persistent store (PersistentIndexedDb: fake-indexeddb written through to a
 * SQLite file), unlocked by a key sealed with the platform's secret storage.
 *
 * The session layer calls, in order: `start(client)` once the client exists (before its first
 * sync, so the device's keys are uploaded from the restored store), `stop()` when the session
 * ends with the app (the store stays for the next start), `deleteStore()` on sign-out (the file
 * and its key are removed; the device is gone for good).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import type { MatrixClient } from 'matrix-js-sdk';
import type { Platform } from '../platform.js';
import { CryptoStoreError } from './CryptoStoreError.js';
import { CryptoStoreKeys } from './CryptoStoreKeys.js';
import {
  cryptoStoreFiles,
  cryptoStoreLocation,
  type CryptoStoreLocation,
} from './cryptoStoreLocation.js';
import { installIndexedDbGlobals } from './indexedDbGlobals.js';
import { PersistentIndexedDb } from './PersistentIndexedDb.js';

export interface CryptoSessionOptions {
  platform: Pick<Platform, 'secrets' | 'settings' | 'log' | 'clock'>;
  /** The app's data directory (Electron's userData); the store file goes there. */
  directory: string;
  userId: string;
  deviceId: string;
  /**
   * The store could not write a commit to its file: from then on the device's keys live only in
   * memory and a restart may lose them. Default: logged as an error.
   */
  onWriteFailure?: (error: unknown) => void;
}

/**
 * Rust crypto finds its store as `globalThis.indexedDB`, of which a process has one: the
 * crypto sessions of a process take turns (a sign-out's deleteStore finishes before the next
 * sign-in's start begins), and only one runs at a time.
 */
let turn: Promise<unknown> = Promise.resolve();
let oneRunning = false;

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const result = turn.then(work, work);
  turn = result.catch(() => undefined);
  return result;
}

interface Running {
  client: MatrixClient;
  store: PersistentIndexedDb;
  uninstallGlobals: () => void;
}

export class CryptoSession {
  readonly location: CryptoStoreLocation;
  private readonly keys: CryptoStoreKeys;
  private running: Running | null = null;

  constructor(private readonly options: CryptoSessionOptions) {
    this.location = cryptoStoreLocation(options.directory, options.userId, options.deviceId);
    this.keys = new CryptoStoreKeys(options.platform);
  }

  /**
   * Restores the store and starts Rust crypto on `client` (`client.getCrypto()` works after).
   * Throws CryptoStoreError when the store cannot be used; nothing is left running then.
   */
  start(client: MatrixClient): Promise<void> {
    return inTurn(() => this.startNow(client));
  }

  private async startNow(client: MatrixClient): Promise<void> {
    if (this.running) throw new Error('This crypto session is already running');
    if (oneRunning) {
      throw new Error('Another crypto session runs in this process: stop it first');
    }
    if (
      client.getUserId() !== this.options.userId ||
      client.getDeviceId() !== this.options.deviceId
    ) {
      throw new Error('The client is signed in as another user or device than this crypto session');
    }
    const { clock, log } = this.options.platform;
    const startedAt = clock.now();
    const existed = existsSync(this.location.file);
    const storageKey = this.storageKey(existed);
    const store = await this.openStore();
    let uninstallGlobals: (() => void) | undefined;
    try {
      uninstallGlobals = installIndexedDbGlobals(store.factory);
      await client.initRustCrypto({ storageKey });
    } catch (error) {
      uninstallGlobals?.();
      await store.close();
      // Rust crypto says "An object failed to be decrypted while unpickling" for a wrong key; a
      // store it had just created cannot have a wrong key, so anything else is named as is.
      throw existed
        ? new CryptoStoreError(
            'crypto_store_wrong_key',
            `${this.describe()} could not be opened with its key (${reason(error)}). Sign out ` +
              'and sign in again to start this device over.',
            { cause: error },
          )
        : new CryptoStoreError(
            'crypto_store_unreadable',
            `${this.describe()} could not be created in ${this.location.file} (${reason(error)}).`,
            { cause: error },
          );
    }
    this.running = { client, store, uninstallGlobals };
    oneRunning = true;
    log.info('Crypto store ready', {
      startMs: clock.now() - startedAt,
      fileBytes: fileBytes(this.location.file),
    });
  }

  /** Stops Rust crypto and closes the file; the store stays for the next start. */
  stop(): Promise<void> {
    return inTurn(() => this.stopNow());
  }

  private async stopNow(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    oneRunning = false;
    // stopClient ends the sync loop and the crypto backend (RustCrypto.stop closes the
    // OlmMachine); the caller normally did it already, and a second call does nothing. Work
    // Rust crypto had under way (marking an upload as sent) finishes into the file or fails.
    running.client.stopClient();
    await running.store.close();
    running.uninstallGlobals();
  }

  /** Sign-out: stops, then deletes the store file and its key. */
  deleteStore(): Promise<void> {
    return inTurn(() => this.deleteNow());
  }

  private async deleteNow(): Promise<void> {
    await this.stopNow();
    for (const file of cryptoStoreFiles(this.location)) rmSync(file, { force: true });
    this.keys.forget(this.location.id);
  }

  /** The key for this store, created with the store; a store without its key is refused. */
  private storageKey(fileExists: boolean): Uint8Array {
    const loaded = this.keys.load(this.location.id);
    if (loaded.status === 'found') {
      if (fileExists) return loaded.key;
      throw new CryptoStoreError(
        'crypto_store_missing',
        `${this.describe()} is missing: ${this.location.file} was deleted or moved. Sign out and ` +
          'sign in again to start this device over.',
      );
    }
    if (loaded.status === 'unreadable') {
      throw new CryptoStoreError(
        'crypto_store_key_unreadable',
        `The key of ${this.describe()} could not be unsealed by this system's secure storage ` +
          `(${loaded.reason}). Sign out and sign in again to start this device over.`,
      );
    }
    if (fileExists) {
      throw new CryptoStoreError(
        'crypto_store_key_missing',
        `The key of ${this.describe()} is gone from the app's settings, so ` +
          `${this.location.file} cannot be read. Sign out and sign in again to start this ` +
          'device over.',
      );
    }
    const created = this.keys.create(this.location.id);
    if (!created) {
      throw new CryptoStoreError(
        'crypto_store_no_secure_storage',
        `This system offers no secure storage (no keyring), so the encryption keys of ` +
          `${this.options.userId} cannot be kept safely on this computer.`,
      );
    }
    return created;
  }

  private async openStore(): Promise<PersistentIndexedDb> {
    try {
      return await PersistentIndexedDb.open(this.location.file, {
        onWriteFailure: (error) => this.writeFailed(error),
      });
    } catch (error) {
      throw new CryptoStoreError(
        'crypto_store_unreadable',
        `${this.describe()} could not be read from ${this.location.file} (${reason(error)}).`,
        { cause: error },
      );
    }
  }

  private writeFailed(error: unknown): void {
    if (this.options.onWriteFailure) this.options.onWriteFailure(error);
    else {
      this.options.platform.log.error('Crypto store: a commit could not be written to its file', {
        file: this.location.file,
        error: reason(error),
      });
    }
  }

  private describe(): string {
    return `The encryption store of ${this.options.userId} (device ${this.options.deviceId})`;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The store's size on disk: the file and its write-ahead log. */
function fileBytes(file: string): number {
  const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  return size(file) + size(`${file}-wal`);
}
