/**
 * Fills a fresh fake-indexeddb factory with the databases a SqliteImage holds, through the
 * public API (one version-change transaction per database recreates its stores, indexes and
 * records), before the write-through is hooked in, so restoring writes nothing back.
 */
import { rawDatabaseOf } from './fakeIndexedDbInternals.js';
import type { DatabaseImage, SqliteImage } from './SqliteImage.js';

export async function restoreIndexedDb(factory: IDBFactory, image: SqliteImage): Promise<void> {
  for (const database of image.databases()) {
    await restoreDatabase(factory, image, database);
  }
}

function restoreDatabase(
  factory: IDBFactory,
  image: SqliteImage,
  database: DatabaseImage,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.open(database.name, database.version);
    request.onupgradeneeded = () => {
      const connection = request.result;
      for (const schema of database.stores) {
        const store = connection.createObjectStore(schema.name, {
          keyPath: schema.keyPath,
          autoIncrement: schema.autoIncrement,
        });
        for (const index of schema.indexes) {
          store.createIndex(index.name, index.keyPath, {
            unique: index.unique,
            multiEntry: index.multiEntry,
          });
        }
        for (const { key, value } of image.records(database.name, schema.name)) {
          // With a key path the key is inside the value; passing it too is an error.
          if (schema.keyPath === null) store.put(value, key);
          else store.put(value);
        }
      }
    };
    request.onsuccess = () => {
      const connection = request.result;
      // Deleted records may have had higher keys than any left: keep the generator where it was.
      const raw = rawDatabaseOf(connection);
      for (const schema of database.stores) {
        const generator = raw.rawObjectStores.get(schema.name)?.keyGenerator;
        if (generator && schema.keyGenerator !== null) {
          generator.num = Math.max(generator.num, schema.keyGenerator);
        }
      }
      connection.close();
      resolve();
    };
    request.onerror = () =>
      reject(request.error ?? new Error(`Could not restore the database ${database.name}`));
    request.onblocked = () => reject(new Error(`Restoring ${database.name} was blocked`));
  });
}
