/** Small promise wrappers over IndexedDB's request API, and a full dump to compare databases. */
export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function finished(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('aborted'));
  });
}

export function openDb(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade: (db: IDBDatabase, transaction: IDBTransaction, oldVersion: number) => void = () => {},
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = (event) =>
      upgrade(request.result, request.transaction!, event.oldVersion);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Everything a reader can observe of every database: schemas, keys, values, index contents. */
export async function dumpAll(factory: IDBFactory): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const info of await factory.databases()) {
    const db = await openDb(factory, info.name!, info.version!);
    const stores: Record<string, unknown> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const store = db.transaction(name).objectStore(name);
      const indexes: Record<string, unknown> = {};
      for (const indexName of Array.from(store.indexNames)) {
        const index = store.index(indexName);
        indexes[indexName] = {
          keyPath: index.keyPath,
          unique: index.unique,
          multiEntry: index.multiEntry,
          keys: await done(index.getAllKeys()),
        };
      }
      stores[name] = {
        keyPath: store.keyPath,
        autoIncrement: store.autoIncrement,
        keys: await done(store.getAllKeys()),
        values: await done(store.getAll()),
        indexes,
      };
    }
    out[info.name!] = { version: db.version, stores };
    db.close();
  }
  return out;
}
