/**
 * TEST-ONLY secret box for the Node platform (tests, bridge, benchmarks, demo).
 *
 * It encrypts with AES-256-GCM under a key that is written in this file, so it protects nothing
 * from anyone who has the source: it exists so that tests exercise the same "sealed, never plain"
 * storage path as Electron's safeStorage, and so a test can prove no token is stored in plain
 * text. The packaged app never contains this file (electron-builder packs only .vite/ output).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretBox } from '../../electron/core/platform.js';

const TEST_ONLY_KEY = createHash('sha256')
  .update('routed-matrix TEST-ONLY key, not a secret')
  .digest();
const PREFIX = 'test-only-aes-gcm:';

export const testOnlySecretBox: SecretBox = {
  isAvailable: () => true,
  encrypt(plain) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', TEST_ONLY_KEY, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  },
  decrypt(sealed) {
    if (!sealed.startsWith(PREFIX)) throw new Error('Not sealed by the test-only secret box');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', TEST_ONLY_KEY, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  },
};
