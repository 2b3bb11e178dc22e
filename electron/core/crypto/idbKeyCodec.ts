/**
 * IndexedDB keys as canonical text, so SQLite can use them as a primary key: two equal keys
 * (by IndexedDB's comparison) always give the same text, and the text gives the key back.
 *
 * Not `v8.serialize`: V8 writes a string as one-byte or two-byte depending on how it happens to
 * be stored in memory, so the same key could give two different blobs (and two rows).
 *
 * Keys reach us already converted by fake-indexeddb ("convert a value to a key"): numbers,
 * strings, Dates, ArrayBuffers (binary keys of any view), and arrays of those.
 */
export type IdbKey = number | string | Date | ArrayBuffer | IdbKey[];

type Encoded =
  | ['n', number | 'Infinity' | '-Infinity']
  | ['s', string]
  | ['d', number]
  | ['b', string]
  | ['a', Encoded[]];

export function encodeIdbKey(key: unknown): string {
  return JSON.stringify(encode(key));
}

export function decodeIdbKey(text: string): IdbKey {
  return decode(JSON.parse(text) as Encoded);
}

function encode(key: unknown): Encoded {
  if (typeof key === 'number') {
    // JSON has no infinities; NaN is never a valid key.
    if (key === Infinity) return ['n', 'Infinity'];
    if (key === -Infinity) return ['n', '-Infinity'];
    return ['n', Object.is(key, -0) ? 0 : key];
  }
  if (typeof key === 'string') return ['s', key];
  if (key instanceof Date) return ['d', key.getTime()];
  if (key instanceof ArrayBuffer) return ['b', Buffer.from(key).toString('base64')];
  if (ArrayBuffer.isView(key)) {
    return ['b', Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64')];
  }
  if (Array.isArray(key)) return ['a', key.map(encode)];
  throw new TypeError(`Not an IndexedDB key: ${Object.prototype.toString.call(key)}`);
}

function decode(encoded: Encoded): IdbKey {
  switch (encoded[0]) {
    case 'n':
      return typeof encoded[1] === 'number' ? encoded[1] : Number(encoded[1]);
    case 's':
      return encoded[1];
    case 'd':
      return new Date(encoded[1]);
    case 'b': {
      const bytes = Buffer.from(encoded[1], 'base64');
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }
    case 'a':
      return encoded[1].map(decode);
  }
}
