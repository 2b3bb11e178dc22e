/**
 * Encrypted attachments (Client-Server API, "Sending encrypted attachments"): the file is
 * AES-256-CTR ciphertext; its key (a JWK), IV and the SHA-256 of the ciphertext travel in the
 * event's `file` object, which arrives inside the encrypted event. matrix-js-sdk has no helper
 * for this outside the browser (element-web uses the browser-only matrix-encrypt-attachment), so
 * this uses Node's crypto, which streams: a 100 MiB file never has to sit in memory whole.
 *
 * The spec's CTR counter is the IV's last 64 bits (WebCrypto `length: 64`); Node's aes-256-ctr
 * counts over all 128. They agree unless the low 64 bits wrap within the file, which v2 rules
 * out (senders zero them) and which takes 2^64 blocks otherwise.
 */
import {
  createDecipheriv,
  createHash,
  timingSafeEqual,
  type Decipheriv,
  type Hash,
} from 'node:crypto';

export interface EncryptedFile {
  url: string;
  key: Uint8Array;
  iv: Uint8Array;
  sha256: Uint8Array;
}

/** The checked `file` object of an event, or null when it is not a usable encrypted file. */
export function parseEncryptedFile(value: unknown): EncryptedFile | null {
  if (typeof value !== 'object' || value === null) return null;
  const file = value as Record<string, unknown>;
  const jwk = file.key as Record<string, unknown> | undefined;
  const hashes = file.hashes as Record<string, unknown> | undefined;
  if (typeof file.url !== 'string' || typeof jwk !== 'object' || jwk === null) return null;
  if (jwk.kty !== 'oct' || jwk.alg !== 'A256CTR' || typeof jwk.k !== 'string') return null;
  if (typeof file.iv !== 'string' || typeof hashes?.sha256 !== 'string') return null;
  const key = decodeBase64(jwk.k);
  const iv = decodeBase64(file.iv);
  const sha256 = decodeBase64(hashes.sha256);
  if (key?.length !== 32 || iv?.length !== 16 || sha256?.length !== 32) return null;
  return { url: file.url, key, iv, sha256 };
}

/** Standard or URL-safe base64, padded or not (the spec writes it unpadded; JWKs url-safe). */
function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** Decrypts as the ciphertext streams by, and checks its hash at the end. */
export class AttachmentDecryption {
  private readonly decipher: Decipheriv;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly file: EncryptedFile) {
    this.decipher = createDecipheriv('aes-256-ctr', file.key, file.iv);
  }

  update(ciphertext: Uint8Array): Uint8Array {
    this.hash.update(ciphertext);
    return this.decipher.update(ciphertext);
  }

  /** The rest of the plaintext; false when the ciphertext is not the one the sender hashed. */
  finish(): { rest: Uint8Array; hashMatches: boolean } {
    const rest = this.decipher.final();
    const digest = this.hash.digest();
    return { rest, hashMatches: timingSafeEqual(digest, this.file.sha256) };
  }
}
