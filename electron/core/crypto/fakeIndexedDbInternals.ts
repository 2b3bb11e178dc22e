/**
 * The one place that reaches into fake-indexeddb's internals (version 6.2.8, pinned exactly in
 * package.json). The write-through (indexedDbWriteThrough.ts) needs two things IndexedDB's
 * public API cannot give synchronously at commit time:
 *
 * 1. WHICH records a transaction changed. Every change to an object store's records in
 *    fake-indexeddb goes through three methods of its internal `ObjectStore` class
 *    (build/esm/lib/ObjectStore.js): `storeRecord(record, noOverwrite, rollbackLog)` (put, add,
 *    cursor.update, and the rollback of a delete), `deleteRecord(key, rollbackLog)` (delete,
 *    cursor.delete, the rollback of a put) and `clear(rollbackLog)`. We wrap those three on the
 *    class's prototype to note the touched keys.
 * 2. WHAT the database holds right now, read synchronously inside the transaction's `complete`
 *    event: `FDBDatabase._rawDatabase` (`name`, `version`, `rawObjectStores`: Map of name to raw
 *    store), and on a raw store `name`, `rawDatabase`, `keyPath`, `autoIncrement`, `deleted`,
 *    `keyGenerator` (`num`, or null), `records` (`get(key)` -> `{key, value}`, `values()`) and
 *    `rawIndexes` (Map of name to `{name, keyPath, unique, multiEntry, deleted}`).
 *
 * `assertInternalsPresent` checks the shape at start (a changed fake-indexeddb is refused, not
 * silently left unpersisted); test/unit/crypto/fakeIndexedDbInternals.test.ts pins the
 * behaviour (every mutation path goes through the three methods, `complete` fires after the
 * records changed), so an upgrade that moves any of this fails the suite.
 */
import { IDBFactory as FakeIdbFactory } from 'fake-indexeddb';

export interface RawRecord {
  key: unknown;
  value: unknown;
}

export interface RawIndex {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
  deleted: boolean;
}

export interface RawObjectStore {
  name: string;
  rawDatabase: RawDatabase;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  deleted: boolean;
  keyGenerator: { num: number } | null;
  records: {
    get(key: unknown): RawRecord | undefined;
    values(): Iterable<RawRecord>;
  };
  rawIndexes: Map<string, RawIndex>;
}

export interface RawDatabase {
  name: string;
  version: number;
  rawObjectStores: Map<string, RawObjectStore>;
}

/** The raw store methods through which every record change passes. */
export interface RawStoreMutations {
  storeRecord(this: RawObjectStore, record: RawRecord, ...rest: unknown[]): unknown;
  deleteRecord(this: RawObjectStore, key: unknown, ...rest: unknown[]): unknown;
  clear(this: RawObjectStore, ...rest: unknown[]): unknown;
}

export class FakeIndexedDbChanged extends Error {
  constructor(what: string) {
    super(
      `fake-indexeddb is not the version the crypto store's write-through was built for ` +
        `(6.2.8): ${what}. Check electron/core/crypto/fakeIndexedDbInternals.ts before upgrading.`,
    );
    this.name = 'FakeIndexedDbChanged';
  }
}

export function rawDatabaseOf(connection: IDBDatabase): RawDatabase {
  const raw = (connection as unknown as { _rawDatabase?: RawDatabase })._rawDatabase;
  if (!raw || !(raw.rawObjectStores instanceof Map)) {
    throw new FakeIndexedDbChanged('IDBDatabase has no _rawDatabase.rawObjectStores');
  }
  return raw;
}

/**
 * The prototype of the internal ObjectStore class. It is not exported (the package's `exports`
 * map hides build/esm/lib/), so we take it from a store of a throwaway database.
 */
export async function rawObjectStorePrototype(): Promise<RawStoreMutations> {
  const factory = new FakeIdbFactory();
  const connection = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('probe', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('probe');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('probe database did not open'));
  });
  try {
    const rawStore = rawDatabaseOf(connection).rawObjectStores.get('probe');
    if (!rawStore) throw new FakeIndexedDbChanged('rawObjectStores does not hold created stores');
    assertStoreShape(rawStore);
    return Object.getPrototypeOf(rawStore) as RawStoreMutations;
  } finally {
    connection.close();
  }
}

function assertStoreShape(store: RawObjectStore): void {
  const proto = Object.getPrototypeOf(store) as Record<string, unknown>;
  for (const method of ['storeRecord', 'deleteRecord', 'clear']) {
    if (typeof proto[method] !== 'function') {
      throw new FakeIndexedDbChanged(`the raw object store has no ${method}()`);
    }
  }
  if (typeof store.records?.get !== 'function' || typeof store.records.values !== 'function') {
    throw new FakeIndexedDbChanged('the raw object store has no records.get()/values()');
  }
  if (!(store.rawIndexes instanceof Map)) {
    throw new FakeIndexedDbChanged('the raw object store has no rawIndexes map');
  }
  if (typeof store.rawDatabase?.name !== 'string' || typeof store.name !== 'string') {
    throw new FakeIndexedDbChanged('the raw object store does not name itself and its database');
  }
  if (!('keyGenerator' in store) || !('deleted' in store)) {
    throw new FakeIndexedDbChanged('the raw object store has no keyGenerator/deleted fields');
  }
}
