/**
 * An IndexedDB (fake-indexeddb, in memory) whose committed transactions are written through to
 * a SQLite file and restored from it at open: what Rust crypto needs as its store in Node.
 */
import { IDBFactory as FakeIdbFactory } from 'fake-indexeddb';
import { writeThrough, type WriteThrough } from './indexedDbWriteThrough.js';
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
    private readonly writer: WriteThrough,
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
      const writer = await writeThrough(factory, image, options);
      return new PersistentIndexedDb(factory, image, writer);
    } catch (error) {
      image.close();
      throw error;
    }
  }

  get path(): string {
    return this.image.path;
  }

  /**
   * Lets the transactions already running finish (and reach the file), closes every connection
   * (a new transaction or open throws InvalidStateError from now on), then closes the file.
   */
  async close(): Promise<void> {
    await this.writer.closeConnections();
    this.image.close();
  }
}
