/**
 * Notes which records of which object store changed, per raw IndexedDB database, by wrapping
 * the three internal methods every record change in fake-indexeddb goes through (see
 * fakeIndexedDbInternals.ts). Only databases registered here are tracked (the crypto store's);
 * any other user of fake-indexeddb in the process pays one WeakMap lookup per change.
 *
 * A change log lists keys, not values: the writer reads each key's value from the store when
 * the transaction commits, so a key put twice, or put and then rolled back, is written once
 * with what the store really holds.
 */
import { IDBKeyRange as FakeIdbKeyRange } from 'fake-indexeddb';
import {
  rawObjectStorePrototype,
  type RawDatabase,
  type RawObjectStore,
  type RawStoreMutations,
} from './fakeIndexedDbInternals.js';
import { encodeIdbKey } from './idbKeyCodec.js';

export interface StoreChanges {
  /** The store was cleared: every row goes before `keys` are written. */
  cleared: boolean;
  /** Touched keys (by canonical text), each to be re-read from the store. */
  keys: Map<string, unknown>;
}

export class ChangeLog {
  private readonly stores = new Map<RawObjectStore, StoreChanges>();

  touched(store: RawObjectStore, key: unknown): void {
    this.changesOf(store).keys.set(encodeIdbKey(key), key);
  }

  cleared(store: RawObjectStore): void {
    const changes = this.changesOf(store);
    changes.cleared = true;
    changes.keys.clear();
  }

  /** The changes to `store` since the last take, and forgets them. */
  take(store: RawObjectStore): StoreChanges | undefined {
    const changes = this.stores.get(store);
    this.stores.delete(store);
    return changes;
  }

  forgetAll(): void {
    this.stores.clear();
  }

  private changesOf(store: RawObjectStore): StoreChanges {
    let changes = this.stores.get(store);
    if (!changes) {
      changes = { cleared: false, keys: new Map() };
      this.stores.set(store, changes);
    }
    return changes;
  }
}

const logs = new WeakMap<RawDatabase, ChangeLog>();

/** The change log of `database`, created (and tracking started) on first use. */
export function changeLogOf(database: RawDatabase): ChangeLog {
  let log = logs.get(database);
  if (!log) {
    log = new ChangeLog();
    logs.set(database, log);
  }
  return log;
}

let installed: Promise<void> | undefined;

/** Wraps the raw store's mutation methods, once per process. */
export function installMutationTracking(): Promise<void> {
  installed ??= rawObjectStorePrototype().then(wrapMutations);
  return installed;
}

function wrapMutations(proto: RawStoreMutations): void {
  const { storeRecord, deleteRecord, clear } = proto;
  proto.storeRecord = function (record, ...rest) {
    try {
      return storeRecord.call(this, record, ...rest);
    } finally {
      // The key is known only now when a key path or key generator supplied it.
      if (record.key !== undefined) logs.get(this.rawDatabase)?.touched(this, record.key);
    }
  };
  proto.deleteRecord = function (key, ...rest) {
    const log = logs.get(this.rawDatabase);
    if (log) {
      // delete(range) removes every key in it: list them before they are gone.
      const keys =
        key instanceof FakeIdbKeyRange
          ? Array.from(rangeRecords(this, key), (record) => record.key)
          : [key];
      for (const each of keys) log.touched(this, each);
    }
    return deleteRecord.call(this, key, ...rest);
  };
  proto.clear = function (...rest) {
    logs.get(this.rawDatabase)?.cleared(this);
    return clear.call(this, ...rest);
  };
}

function rangeRecords(store: RawObjectStore, range: IDBKeyRange) {
  return (store.records.values as (range?: IDBKeyRange) => Iterable<{ key: unknown }>).call(
    store.records,
    range,
  );
}
