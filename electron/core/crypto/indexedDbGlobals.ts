/**
 * Rust crypto (matrix-sdk-indexeddb through wasm-bindgen) finds IndexedDB only as
 * `globalThis.indexedDB` and the `IDB*` classes (`IDBKeyRange.bound`, ...), as in a browser.
 * Node has none, so we put fake-indexeddb's there while a crypto session runs. One factory at a
 * time: a second session in the same process must wait for the first to stop.
 */
import * as fakeIndexedDb from 'fake-indexeddb';

const CLASS_NAMES = [
  'IDBCursor',
  'IDBCursorWithValue',
  'IDBDatabase',
  'IDBFactory',
  'IDBIndex',
  'IDBKeyRange',
  'IDBObjectStore',
  'IDBOpenDBRequest',
  'IDBRequest',
  'IDBTransaction',
  'IDBVersionChangeEvent',
] as const;

type Globals = Record<string, unknown>;

let owner: IDBFactory | undefined;

/** Installs `factory` as the global IndexedDB; the returned function puts back what was there. */
export function installIndexedDbGlobals(factory: IDBFactory): () => void {
  if (owner) {
    throw new Error('Another crypto store already owns the global IndexedDB in this process');
  }
  const globals = globalThis as unknown as Globals;
  const previous = new Map<string, PropertyDescriptor | undefined>();
  for (const name of ['indexedDB', ...CLASS_NAMES]) {
    previous.set(name, Object.getOwnPropertyDescriptor(globals, name));
  }
  for (const name of CLASS_NAMES) globals[name] = fakeIndexedDb[name];
  globals.indexedDB = factory;
  owner = factory;
  return () => {
    if (owner !== factory) return;
    for (const [name, descriptor] of previous) {
      if (descriptor) Object.defineProperty(globals, name, descriptor);
      else delete globals[name];
    }
    owner = undefined;
  };
}
