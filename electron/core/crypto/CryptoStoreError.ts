/**
 * Why a device's crypto store cannot be used, worded for the person at the keyboard. The
 * session layer shows it and offers what the message says (sign out and in again starts a new
 * device with a new store); nothing here crashes the app.
 */
import { UserFacingError } from '../UserFacingError.js';

export type CryptoStoreProblem =
  | 'crypto_store_key_missing'
  | 'crypto_store_key_unreadable'
  | 'crypto_store_missing'
  | 'crypto_store_wrong_key'
  | 'crypto_store_unreadable'
  | 'crypto_store_no_secure_storage';

/**
 * The problems a new device with a new store mends (their words say "Sign out and sign in
 * again"): the store or its key gone or not fitting. Not a store that cannot be written (a full
 * disk) nor a system without a keyring, which a new device would meet again.
 */
const MENDED_BY_SIGNING_OUT: ReadonlySet<CryptoStoreProblem> = new Set([
  'crypto_store_missing',
  'crypto_store_wrong_key',
  'crypto_store_key_missing',
  'crypto_store_key_unreadable',
]);

export class CryptoStoreError extends UserFacingError {
  constructor(
    override readonly code: CryptoStoreProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message);
    this.name = 'CryptoStoreError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }

  get signOutMends(): boolean {
    return MENDED_BY_SIGNING_OUT.has(this.code);
  }
}
