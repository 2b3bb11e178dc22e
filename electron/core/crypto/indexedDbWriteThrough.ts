/**
 * Writes every committed read-write (and version-change) transaction of a fake-indexeddb
 * factory through to a SqliteImage, synchronously, before the transaction's commit is visible
 * to anyone.
 *
 * How the write hooks the commit: fake-indexeddb marks a transaction finished and then fires
 * its `complete` event synchronously (FDBTransaction._start). Our listener is added the moment
 * the transaction is created (we wrap the connection's `transaction()`, and take the upgrade
 * transaction from `upgradeneeded`, whose listener we add in `open()`), so it runs before any
 * listener or `oncomplete` of the code that made the transaction (Rust crypto sets
 * `oncomplete`). It writes the changed records with node:sqlite's synchronous API and returns
 * only once SQLite has committed (fsynced). Whoever waits for the transaction resumes after
 * that, so nothing can act on a commit (send a key upload, say) that the file does not hold:
 * a SIGKILL at any later instant loses nothing the transaction committed.
 *
 * A version-change transaction (schema migration) rewrites that database's whole image, which
 * covers created, renamed and deleted stores and indexes; they are rare and run at start.
 *
 * If SQLite refuses a write (disk full, file removed), the image stops being written from then
 * on, so the file keeps the last consistent state instead of a mix, and `onWriteFailure` says so.
 *
 * Closing: Rust crypto may still be finishing work when the session stops (it marks a key
 * upload as sent once the answer arrives), so `close()` force-closes every connection (no new
 * transaction may start; fake-indexeddb waits for the running ones, which are written as
 * usual, then fires `close`) and only then lets the file go. A commit is thus either in the file
 * or refused to its maker (InvalidStateError), never only in memory.
 */
import { forceCloseDatabase } from 'fake-indexeddb';
import {
  FakeIndexedDbChanged,
  rawDatabaseOf,
  type RawDatabase,
  type RawObjectStore,
} from './fakeIndexedDbInternals.js';
import { changeLogOf, installMutationTracking, type StoreChanges } from './mutationTracking.js';
import type { DatabaseImage, SqliteImage } from './SqliteImage.js';

export interface WriteThroughOptions {
  /** Called once, with the first write that failed; later commits are no longer written. */
  onWriteFailure(error: unknown): void;
}

export interface WriteThrough {
  /** Waits for running transactions (written as usual), closes every connection, refuses more. */
  closeConnections(): Promise<void>;
}

export async function writeThrough(
  factory: IDBFactory,
  image: SqliteImage,
  options: WriteThroughOptions,
): Promise<WriteThrough> {
  await installMutationTracking();
  const writer = new ImageWriter(image, options);
  const connections = new Connections();
  const open = factory.open.bind(factory);
  const deleteDatabase = factory.deleteDatabase.bind(factory);

  factory.open = (...args: Parameters<IDBFactory['open']>) => {
    if (connections.closed) {
      throw new DOMException('The crypto store is closed', 'InvalidStateError');
    }
    const request = open(...args);
    request.addEventListener('upgradeneeded', () => {
      const raw = rawDatabaseOf(request.result);
      changeLogOf(raw);
      const upgrade = request.transaction;
      if (!upgrade) throw new FakeIndexedDbChanged('upgradeneeded without a transaction');
      upgrade.addEventListener('complete', () => writer.writeWholeDatabase(raw));
    });
    request.addEventListener('success', () => {
      changeLogOf(rawDatabaseOf(request.result));
      hookTransactions(request.result, writer);
      connections.add(request.result);
    });
    return request;
  };
  factory.deleteDatabase = (name: string) => {
    const request = deleteDatabase(name);
    request.addEventListener('success', () => writer.deleteDatabase(name));
    return request;
  };
  return { closeConnections: () => connections.closeAll() };
}

/**
 * Every connection ever opened, so closing can wait for their transactions. Closed ones stay
 * listed: one closed by its owner may still have a transaction running, and force-closing it
 * again waits for that too. (Rust crypto opens a handful, at start.)
 */
class Connections {
  private readonly all = new Set<IDBDatabase>();
  closed = false;

  add(connection: IDBDatabase): void {
    this.all.add(connection);
    // An open that was under way when the store closed: closed at once, like the others.
    if (this.closed) void forceClose(connection);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map(forceClose));
  }
}

/** Resolves once fake-indexeddb has let every running transaction finish and closed it. */
function forceClose(connection: IDBDatabase): Promise<void> {
  return new Promise((resolve) => {
    connection.addEventListener('close', () => resolve());
    forceCloseDatabase(connection as never);
  });
}

function hookTransactions(connection: IDBDatabase, writer: ImageWriter): void {
  const transaction = connection.transaction.bind(connection) as (
    ...args: Parameters<IDBDatabase['transaction']>
  ) => IDBTransaction;
  connection.transaction = (...args: Parameters<IDBDatabase['transaction']>) => {
    const created = transaction(...args);
    if (created.mode === 'readwrite') {
      created.addEventListener('complete', () => writer.writeTransaction(created));
    }
    return created;
  };
}

class ImageWriter {
  private failed = false;

  constructor(
    private readonly image: SqliteImage,
    private readonly options: WriteThroughOptions,
  ) {}

  writeTransaction(transaction: IDBTransaction): void {
    const raw = rawDatabaseOf(transaction.db);
    const log = changeLogOf(raw);
    const changed: [RawObjectStore, StoreChanges][] = [];
    for (const name of Array.from(transaction.objectStoreNames)) {
      const store = raw.rawObjectStores.get(name);
      const changes = store && log.take(store);
      if (store && changes) changed.push([store, changes]);
    }
    if (changed.length === 0) return;
    this.write(() => {
      for (const [store, changes] of changed) {
        if (changes.cleared) this.image.clearStore(raw.name, store.name);
        for (const key of changes.keys.values()) {
          const record = store.records.get(key);
          if (record) this.image.putRecord(raw.name, store.name, record.key, record.value);
          else this.image.deleteRecord(raw.name, store.name, key);
        }
        if (store.keyGenerator) {
          this.image.setKeyGenerator(raw.name, store.name, store.keyGenerator.num);
        }
      }
    });
  }

  writeWholeDatabase(raw: RawDatabase): void {
    changeLogOf(raw).forgetAll();
    this.write(() => {
      const stores = [...raw.rawObjectStores.values()].filter((store) => !store.deleted);
      this.image.replaceSchema(schemaOf(raw, stores));
      for (const store of stores) {
        for (const record of store.records.values()) {
          this.image.putRecord(raw.name, store.name, record.key, record.value);
        }
      }
    });
  }

  deleteDatabase(name: string): void {
    this.write(() => this.image.deleteDatabase(name));
  }

  private write(steps: () => void): void {
    if (this.failed) return;
    try {
      this.image.inTransaction(steps);
    } catch (error) {
      this.failed = true;
      this.options.onWriteFailure(error);
    }
  }
}

function schemaOf(raw: RawDatabase, stores: RawObjectStore[]): DatabaseImage {
  return {
    name: raw.name,
    version: raw.version,
    stores: stores.map((store) => ({
      name: store.name,
      keyPath: store.keyPath,
      autoIncrement: store.autoIncrement,
      keyGenerator: store.keyGenerator?.num ?? null,
      indexes: [...store.rawIndexes.values()]
        .filter((index) => !index.deleted)
        .map(({ name, keyPath, unique, multiEntry }) => ({ name, keyPath, unique, multiEntry })),
    })),
  };
}
