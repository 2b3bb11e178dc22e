/**
 * An IndexedDB (fake-indexeddb, in memory) whose committed transactions are written through to
 * a SQLite file and restored from it at open: what Rust crypto needs as its store in Node.
 */
import { IDBFactory as FakeIdbFactory } from 'fake-indexeddb';
import { writeThrough } from './indexedDbWriteThrough.js';
import { restoreIndexedDb } from './restoreIndexedDb.js';
import { SqliteImage } from './SqliteImage.js';

export interface PersistentIndexedDbOptions {
  /** Called once if a commit could not be written to the file; later commits are not written. */
  onWriteFailure(error: unknown): void;
}

export class PersistentIndexedDb {
  private constructor(
    readonly factory: IDBFactory,
    private readonly image: SqliteImage,
  ) {}

  /** Opens (or creates) the file at `path` and restores what it holds into a new factory. */
  static async open(
    path: string,
    options: PersistentIndexedDbOptions,
  ): Promise<PersistentIndexedDb> {
    const image = new SqliteImage(path);
    try {
      const factory = new FakeIdbFactory();
      await restoreIndexedDb(factory, image);
      await writeThrough(factory, image, options);
      return new PersistentIndexedDb(factory, image);
    } catch (error) {
      image.close();
      throw error;
    }
  }

  get path(): string {
    return this.image.path;
  }

  /** Closes the file. Commits after this are reported through onWriteFailure, not written. */
  close(): void {
    this.image.close();
  }
}
