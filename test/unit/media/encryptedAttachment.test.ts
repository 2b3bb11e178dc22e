import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AttachmentDecryption,
  parseEncryptedFile,
} from '../../../electron/core/media/encryptedAttachment.js';
import { encryptedFileObject } from '../../support/encryptedFileObject.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

/** NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt. */
const NIST = {
  key: hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4'),
  iv: hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff'),
  plain: hex(
    '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51' +
      '30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
  ),
  cipher: hex(
    '601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5' +
      '2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6',
  ),
};

const fileObject = (key: Uint8Array, iv: Uint8Array, cipher: Uint8Array) =>
  encryptedFileObject('mxc://example.org/abc', key, iv, cipher);

/** Decrypts in uneven pieces, as a download arrives. */
function decryptInPieces(file: ReturnType<typeof parseEncryptedFile>, cipher: Uint8Array) {
  const decryption = new AttachmentDecryption(file!);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < cipher.length; at += 7)
    parts.push(decryption.update(cipher.subarray(at, at + 7)));
  const { rest, hashMatches } = decryption.finish();
  return { plain: Buffer.concat([...parts, rest]), hashMatches };
}

describe('encrypted attachments', () => {
  it('decrypts the NIST AES-256-CTR vector, streamed, and checks its hash', () => {
    const file = parseEncryptedFile(fileObject(NIST.key, NIST.iv, NIST.cipher));
    expect(file).not.toBeNull();
    const { plain, hashMatches } = decryptInPieces(file, NIST.cipher);
    expect(hashMatches).toBe(true);
    expect(plain.equals(Buffer.from(NIST.plain))).toBe(true);
  });

  it("decrypts what WebCrypto's AES-CTR (64-bit counter, as the spec's senders use) encrypted", async () => {
    const key = webcrypto.getRandomValues(new Uint8Array(32));
    const iv = new Uint8Array(16);
    webcrypto.getRandomValues(iv.subarray(0, 8));
    const plain = webcrypto.getRandomValues(new Uint8Array(5000));
    const cryptoKey = await webcrypto.subtle.importKey('raw', key, 'AES-CTR', false, ['encrypt']);
    const cipher = new Uint8Array(
      await webcrypto.subtle.encrypt(
        { name: 'AES-CTR', counter: iv, length: 64 },
        cryptoKey,
        plain,
      ),
    );
    const result = decryptInPieces(parseEncryptedFile(fileObject(key, iv, cipher)), cipher);
    expect(result.hashMatches).toBe(true);
    expect(result.plain.equals(Buffer.from(plain))).toBe(true);
  });

  it('says when the ciphertext is not the one that was hashed', () => {
    const file = parseEncryptedFile(fileObject(NIST.key, NIST.iv, NIST.cipher));
    const tampered = Uint8Array.from(NIST.cipher);
    tampered[63]! ^= 1;
    expect(decryptInPieces(file, tampered).hashMatches).toBe(false);
  });

  it.each([
    ['no key', { key: undefined }],
    ['another algorithm', { key: { kty: 'oct', alg: 'A128CTR', k: 'AAAA' } }],
    ['a short key', { key: { kty: 'oct', alg: 'A256CTR', k: 'AAAA' } }],
    ['a short IV', { iv: 'AAAA' }],
    ['no hash', { hashes: {} }],
    ['a hash that is not base64', { hashes: { sha256: '!!!' } }],
    ['no URL', { url: 42 }],
  ])('refuses a file object with %s', (_what, change) => {
    expect(
      parseEncryptedFile({ ...fileObject(NIST.key, NIST.iv, NIST.cipher), ...change }),
    ).toBeNull();
  });
});
