/**
 * The core's SecretBox on Electron's safeStorage: the OS keychain (macOS), DPAPI (Windows), or
 * the Secret Service / KWallet (Linux). Sealed values are base64 text so they fit in settings.
 *
 * On Linux without a keyring, Chromium falls back to the 'basic_text' backend, which "encrypts"
 * with a hard-coded key: safeStorage then says encryption is available, but it protects nothing.
 * That counts as unavailable here, so the core refuses to persist tokens instead of storing them
 * as good as plain text.
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../core/platform.js';

export function createSafeStorageSecretBox(
  platform: NodeJS.Platform = process.platform,
): SecretBox {
  const isAvailable = () =>
    safeStorage.isEncryptionAvailable() &&
    !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');

  const requireAvailable = () => {
    if (!isAvailable()) throw new Error('Secure storage is not available on this system.');
  };

  return {
    isAvailable,
    encrypt(plain) {
      requireAvailable();
      return safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(sealed) {
      requireAvailable();
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
  };
}
