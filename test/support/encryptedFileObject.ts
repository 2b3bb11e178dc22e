/**
 * The `file` object of an encrypted attachment as the spec's senders write it (EncryptedFile,
 * v2: A256CTR JWK, unpadded base64 IV and SHA-256 of the ciphertext). Shared by the unit and
 * integration tests of attachment decryption.
 */
import { createHash } from 'node:crypto';

/** Unpadded standard base64, as the spec writes `iv` and `hashes`. */
export const unpaddedBase64 = (bytes: Uint8Array) =>
  Buffer.from(bytes).toString('base64').replace(/=+$/, '');

export function encryptedFileObject(
  url: string,
  key: Uint8Array,
  iv: Uint8Array,
  cipher: Uint8Array,
) {
  return {
    v: 'v2',
    url,
    key: {
      kty: 'oct',
      alg: 'A256CTR',
      ext: true,
      key_ops: ['encrypt', 'decrypt'],
      k: Buffer.from(key).toString('base64url'),
    },
    iv: unpaddedBase64(iv),
    hashes: { sha256: unpaddedBase64(createHash('sha256').update(cipher).digest()) },
  };
}
