/**
 * The SQLite file that holds a durable image of the crypto store's IndexedDB databases: their
 * versions, object stores, indexes and records. fake-indexeddb keeps the live copy in memory;
 * indexedDbWriteThrough.ts writes each committed transaction here, and restoreIndexedDb.ts reads
 * it back at start.
 *
 * WAL with synchronous=FULL: a write is on disk (fsynced) when `inTransaction` returns, so it
 * survives a SIGKILL and a power cut alike. node:sqlite's DatabaseSync is synchronous, which is
 * what lets the write happen inside IndexedDB's `complete` event, before anyone sees the commit.
 *
 * Values are stored as V8's structured-clone serialization (`node:v8`), the same algorithm
 * IndexedDB uses to copy values; keys as canonical text (idbKeyCodec.ts).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { deserialize, serialize } from 'node:v8';
import { decodeIdbKey, encodeIdbKey, type IdbKey } from './idbKeyCodec.js';

const FORMAT = '1';

export interface StoreSchema {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  /** The key generator's next number (autoIncrement stores), so restored keys do not repeat. */
  keyGenerator: number | null;
  indexes: IndexSchema[];
}

export interface IndexSchema {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}

export interface DatabaseImage {
  name: string;
  version: number;
  stores: StoreSchema[];
}

export interface StoredRecord {
  key: IdbKey;
  value: unknown;
}

export class SqliteImage {
  private readonly db: DatabaseSync;
  private readonly statements: {
    putRecord: StatementSync;
    deleteRecord: StatementSync;
    clearStore: StatementSync;
    setKeyGenerator: StatementSync;
  };

  constructor(readonly path: string) {
    this.db = new DatabaseSync(path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS databases (name TEXT PRIMARY KEY, version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS stores (
        db TEXT NOT NULL, name TEXT NOT NULL, schema TEXT NOT NULL, key_generator REAL,
        PRIMARY KEY (db, name)
      );
      CREATE TABLE IF NOT EXISTS records (
        db TEXT NOT NULL, store TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
        PRIMARY KEY (db, store, key)
      ) WITHOUT ROWID;
    `);
    const format = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('format') as
      { value: string } | undefined;
    if (format === undefined) {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('format', FORMAT);
    } else if (format.value !== FORMAT) {
      this.db.close();
      throw new Error(`${path} has store format ${format.value}; this version reads ${FORMAT}`);
    }
    this.statements = {
      putRecord: this.db.prepare(
        'INSERT OR REPLACE INTO records (db, store, key, value) VALUES (?, ?, ?, ?)',
      ),
      deleteRecord: this.db.prepare('DELETE FROM records WHERE db = ? AND store = ? AND key = ?'),
      clearStore: this.db.prepare('DELETE FROM records WHERE db = ? AND store = ?'),
      setKeyGenerator: this.db.prepare(
        'UPDATE stores SET key_generator = ? WHERE db = ? AND name = ?',
      ),
    };
  }

  /** Runs `write` in one SQLite transaction: all of it reaches the file, or none of it. */
  inTransaction(write: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      write();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  putRecord(db: string, store: string, key: unknown, value: unknown): void {
    this.statements.putRecord.run(db, store, encodeIdbKey(key), serialize(value));
  }

  deleteRecord(db: string, store: string, key: unknown): void {
    this.statements.deleteRecord.run(db, store, encodeIdbKey(key));
  }

  clearStore(db: string, store: string): void {
    this.statements.clearStore.run(db, store);
  }

  setKeyGenerator(db: string, store: string, next: number): void {
    this.statements.setKeyGenerator.run(next, db, store);
  }

  /** Replaces everything known about `image.name` by its schema (records are put after). */
  replaceSchema(image: DatabaseImage): void {
    this.deleteDatabase(image.name);
    this.db
      .prepare('INSERT INTO databases (name, version) VALUES (?, ?)')
      .run(image.name, image.version);
    const insertStore = this.db.prepare(
      'INSERT INTO stores (db, name, schema, key_generator) VALUES (?, ?, ?, ?)',
    );
    for (const store of image.stores) {
      const { keyGenerator, ...schema } = store;
      insertStore.run(image.name, store.name, JSON.stringify(schema), keyGenerator);
    }
  }

  deleteDatabase(name: string): void {
    this.db.prepare('DELETE FROM records WHERE db = ?').run(name);
    this.db.prepare('DELETE FROM stores WHERE db = ?').run(name);
    this.db.prepare('DELETE FROM databases WHERE name = ?').run(name);
  }

  databases(): DatabaseImage[] {
    const rows = this.db.prepare('SELECT name, version FROM databases ORDER BY name').all() as {
      name: string;
      version: number;
    }[];
    const storesOf = this.db.prepare(
      'SELECT schema, key_generator FROM stores WHERE db = ? ORDER BY name',
    );
    return rows.map(({ name, version }) => ({
      name,
      version,
      stores: (storesOf.all(name) as { schema: string; key_generator: number | null }[]).map(
        (row) => ({
          ...(JSON.parse(row.schema) as Omit<StoreSchema, 'keyGenerator'>),
          keyGenerator: row.key_generator,
        }),
      ),
    }));
  }

  *records(db: string, store: string): Generator<StoredRecord> {
    const rows = this.db
      .prepare('SELECT key, value FROM records WHERE db = ? AND store = ?')
      .iterate(db, store) as Iterable<{ key: string; value: Uint8Array }>;
    for (const row of rows) {
      yield { key: decodeIdbKey(row.key), value: deserialize(row.value) };
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
