/**
 * The write-through's contract with fake-indexeddb (see
 * electron/core/crypto/fakeIndexedDbInternals.ts). These tests fail if an upgrade of
 * fake-indexeddb moves a record change around the three wrapped methods, stops firing
 * `complete` after the records changed, or reshapes the internals read at commit time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawObjectStorePrototype } from '../../../electron/core/crypto/fakeIndexedDbInternals.js';
import { encodeIdbKey } from '../../../electron/core/crypto/idbKeyCodec.js';
import { PersistentIndexedDb } from '../../../electron/core/crypto/PersistentIndexedDb.js';
import { tempDataDir } from './cryptoTestSupport.js';
import { done, dumpAll, finished, openDb } from './idbTestHelpers.js';

describe('write-through of fake-indexeddb to SQLite', () => {
  let data: ReturnType<typeof tempDataDir>;
  let file: string;
  const opened: PersistentIndexedDb[] = [];
  const failures: unknown[] = [];

  beforeEach(() => {
    data = tempDataDir();
    file = join(data.dir, 'store.sqlite');
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    data.remove();
    expect(failures.splice(0)).toEqual([]);
  });

  async function open(): Promise<IDBFactory> {
    const store = await PersistentIndexedDb.open(file, {
      onWriteFailure: (error) => failures.push(error),
    });
    opened.push(store);
    return store.factory;
  }

  it('is built against fake-indexeddb 6.2.8, pinned exactly', () => {
    const root = join(import.meta.dirname, '../../..');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const installed = JSON.parse(
      readFileSync(join(root, 'node_modules/fake-indexeddb/package.json'), 'utf8'),
    );
    expect(manifest.dependencies['fake-indexeddb']).toBe('6.2.8');
    expect(installed.version).toBe('6.2.8');
  });

  it('finds the internal methods every record change goes through', async () => {
    const proto = await rawObjectStorePrototype();
    expect(typeof proto.storeRecord).toBe('function');
    expect(typeof proto.deleteRecord).toBe('function');
    expect(typeof proto.clear).toBe('function');
  });

  it('restores every kind of change a transaction can commit, and none it aborted', async () => {
    const factory = await open();
    const db = await openDb(factory, 'contract', 1, (upgrade) => {
      upgrade.createObjectStore('plain');
      const inline = upgrade.createObjectStore('inline', { keyPath: 'id' });
      inline.createIndex('byName', 'name', { unique: true });
      inline.createIndex('byTag', 'tags', { multiEntry: true });
      upgrade.createObjectStore('auto', { autoIncrement: true });
      upgrade.createObjectStore('doomed');
      upgrade.createObjectStore('renamed-later').put('kept', 'k');
    });

    // put and add, with every kind of key and structured-clone values.
    let tx = db.transaction(['plain', 'inline', 'auto'], 'readwrite');
    const plain = tx.objectStore('plain');
    plain.put(
      { bytes: new Uint8Array([1, 2, 3]), when: new Date(5), map: new Map([[1, 'a']]) },
      'text',
    );
    plain.add('number key', 42);
    plain.put('date key', new Date(1_000));
    plain.put('binary key', new Uint8Array([9, 8, 7]));
    plain.put('array key', ['a', 1, [new Date(2)]]);
    for (let i = 0; i < 10; i++) plain.put(`ranged ${i}`, `r${i}`);
    const inline = tx.objectStore('inline');
    inline.put({ id: 1, name: 'one', tags: ['x', 'y'] });
    inline.put({ id: 2, name: 'two', tags: ['y'] });
    inline.put({ id: 3, name: 'three', tags: [] });
    const auto = tx.objectStore('auto');
    for (let i = 0; i < 5; i++) auto.add({ n: i });
    await finished(tx);

    // delete by key, delete by range, clear, cursor.update, cursor.delete, overwrite.
    tx = db.transaction(['plain', 'inline', 'auto'], 'readwrite');
    tx.objectStore('plain').delete(42);
    tx.objectStore('plain').delete(FakeKeyRange.bound('r2', 'r6'));
    tx.objectStore('plain').put('overwritten', 'text');
    const cursorDone = new Promise<void>((resolve) => {
      const request = tx.objectStore('inline').openCursor();
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return resolve();
        const value = cursor.value as { id: number; name: string; tags: string[] };
        if (value.id === 1) cursor.update({ ...value, name: 'uno', tags: ['z'] });
        if (value.id === 2) cursor.delete();
        cursor.continue();
      };
    });
    tx.objectStore('auto').delete(5); // the highest generated key: the next one is still 6
    tx.objectStore('auto').delete(4);
    await cursorDone;
    await finished(tx);

    tx = db.transaction('auto', 'readwrite');
    tx.objectStore('auto').clear();
    tx.objectStore('auto').add({ n: 'after clear' }); // key 6
    tx.objectStore('auto').delete(6); // empty again: only the generator remembers 6
    await finished(tx);

    // An aborted transaction leaves nothing, not even in the file.
    tx = db.transaction('plain', 'readwrite');
    tx.objectStore('plain').put('never', 'aborted');
    tx.objectStore('plain').delete('text');
    const aborted = new Promise((resolve) => (tx.onabort = resolve));
    tx.abort();
    await aborted;
    db.close();

    // Record-level writes alone (no schema change since they were made) restore exactly.
    expect(await dumpAll(await open())).toEqual(await dumpAll(factory));
    // The key generator carries on where it was (6 was used, then deleted), as without a restart.
    expect(await nextAutoKey(await open(), 1)).toBe(7);
    expect(await nextAutoKey(factory, 1)).toBe(7);

    // A schema migration: a store deleted, one created, one renamed, an index added.
    const db2 = await openDb(factory, 'contract', 2, (upgrade, transaction) => {
      upgrade.deleteObjectStore('doomed');
      upgrade.createObjectStore('added', { keyPath: ['a', 'b'] }).put({ a: 1, b: 'x' });
      transaction.objectStore('renamed-later').name = 'renamed';
      transaction.objectStore('plain').createIndex('byWhen', 'when');
    });
    db2.close();

    // A second database, deleted again; and a third that stays.
    (await openDb(factory, 'gone', 1, (u) => u.createObjectStore('s').put(1, 1))).close();
    await done(factory.deleteDatabase('gone'));
    (await openDb(factory, 'other', 3, (u) => u.createObjectStore('s').put('v', 'k'))).close();

    const live = await dumpAll(factory);
    expect(await dumpAll(await open())).toEqual(live);
    expect(Object.keys(live as object).sort()).toEqual(['contract', 'other']);
    expect(await nextAutoKey(await open(), 2)).toBe(7);
  });

  it('writes a commit to the file before the transaction owner hears of it', async () => {
    const factory = await open();
    const db = await openDb(factory, 'timing', 1, (upgrade) => upgrade.createObjectStore('s'));
    const tx = db.transaction('s', 'readwrite');
    tx.objectStore('s').put('committed', 'k');
    // What Rust crypto does: it sets oncomplete. Another connection to the file must already
    // see the row then, written and committed by SQLite.
    const seen = new Promise<unknown>((resolve) => {
      tx.oncomplete = () => resolve(rowInFile(file, 'timing', 's', 'k'));
    });
    await expect(seen).resolves.toBe(true);
    // And the same for a listener added as soon as the transaction exists.
    const tx2 = db.transaction('s', 'readwrite');
    tx2.objectStore('s').delete('k');
    const seen2 = new Promise<unknown>((resolve) => {
      tx2.addEventListener('complete', () => resolve(rowInFile(file, 'timing', 's', 'k')));
    });
    await expect(seen2).resolves.toBe(false);
    db.close();
  });
});

async function nextAutoKey(factory: IDBFactory, version: number): Promise<IDBValidKey> {
  const db = await openDb(factory, 'contract', version);
  const tx = db.transaction('auto', 'readwrite');
  const key = await done(tx.objectStore('auto').add({ n: 'probe' }));
  tx.abort();
  db.close();
  return key;
}

function rowInFile(path: string, db: string, store: string, key: unknown): boolean {
  const reader = new DatabaseSync(path, { readOnly: true });
  try {
    const row = reader
      .prepare('SELECT 1 AS found FROM records WHERE db = ? AND store = ? AND key = ?')
      .get(db, store, encodeIdbKey(key));
    return row !== undefined;
  } finally {
    reader.close();
  }
}

describe('closing the store', () => {
  it('lets a running transaction reach the file, then refuses new ones', async () => {
    const data = tempDataDir();
    try {
      const file = join(data.dir, 'store.sqlite');
      const store = await PersistentIndexedDb.open(file, {
        onWriteFailure: (error) => {
          throw error;
        },
      });
      const db = await openDb(store.factory, 'd', 1, (u) => u.createObjectStore('s'));
      // Rust crypto marking an upload as sent while the session stops: under way at close().
      const tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put('late', 'k');
      const committed = finished(tx);
      const closed = store.close();
      await committed;
      await closed;
      expect(() => db.transaction('s', 'readwrite')).toThrow(/InvalidStateError|state/i);
      expect(() => store.factory.open('d', 1)).toThrow(/closed/);

      const reopened = await PersistentIndexedDb.open(file, { onWriteFailure: () => {} });
      try {
        const restored = await openDb(reopened.factory, 'd', 1);
        expect(await done(restored.transaction('s').objectStore('s').get('k'))).toBe('late');
        restored.close();
      } finally {
        await reopened.close();
      }
    } finally {
      data.remove();
    }
  });
});

describe('closing the store after its owner closed the connection', () => {
  it('still lets the transaction that was running reach the file', async () => {
    const data = tempDataDir();
    try {
      const file = join(data.dir, 'store.sqlite');
      const failures: unknown[] = [];
      const store = await PersistentIndexedDb.open(file, {
        onWriteFailure: (error) => failures.push(error),
      });
      const db = await openDb(store.factory, 'd', 1, (u) => u.createObjectStore('s'));
      const tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put('late', 'k');
      const committed = finished(tx);
      db.close(); // closes once the transaction is done, as IndexedDB says
      await store.close();
      await committed;
      expect(failures).toEqual([]);

      const reopened = await PersistentIndexedDb.open(file, { onWriteFailure: () => {} });
      try {
        const restored = await openDb(reopened.factory, 'd', 1);
        expect(await done(restored.transaction('s').objectStore('s').get('k'))).toBe('late');
        restored.close();
      } finally {
        await reopened.close();
      }
    } finally {
      data.remove();
    }
  });
});

describe('a commit the file cannot take', () => {
  it('is reported once, and the file keeps the last state it fully took', async () => {
    const data = tempDataDir();
    try {
      const file = join(data.dir, 'store.sqlite');
      const failures: unknown[] = [];
      const store = await PersistentIndexedDb.open(file, {
        onWriteFailure: (error) => failures.push(error),
      });
      const db = await openDb(store.factory, 'd', 1, (u) => u.createObjectStore('s'));
      let tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put('kept', 'a');
      await finished(tx);
      // Stand-in for a full disk: SQLite refuses every new record from now on.
      const disk = new DatabaseSync(file);
      disk.exec(`CREATE TRIGGER full BEFORE INSERT ON records BEGIN
        SELECT RAISE(FAIL, 'database or disk is full (test)'); END`);
      disk.close();
      for (const key of ['b', 'c']) {
        tx = db.transaction('s', 'readwrite');
        tx.objectStore('s').put('lost', key);
        await finished(tx);
      }
      expect(failures).toHaveLength(1);
      expect(String(failures[0])).toMatch(/disk is full/);
      db.close();
      await store.close();

      const reopened = await PersistentIndexedDb.open(file, { onWriteFailure: () => {} });
      try {
        const restored = await openDb(reopened.factory, 'd', 1);
        expect(await done(restored.transaction('s').objectStore('s').getAllKeys())).toEqual(['a']);
        restored.close();
      } finally {
        await reopened.close();
      }
    } finally {
      data.remove();
    }
  });
});
