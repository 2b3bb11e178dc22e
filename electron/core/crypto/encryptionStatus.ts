/**
 * Whether the device's end-to-end encryption runs, for the app-level banner: `problem` is set
 * when the session should encrypt but its store could not be used (CryptoStoreError's words,
 * which say what to do), null when it runs or when this platform offers no encryption.
 */
import type { UserError } from '../UserFacingError.js';
import type { CryptoStoreError } from './CryptoStoreError.js';

export interface EncryptionProblem extends UserError {
  /** Signing out and in again (a new device, a new store) mends it: the banner offers that. */
  signOutMends: boolean;
}

export interface EncryptionStatus {
  problem: EncryptionProblem | null;
}

export function encryptionStatus(failure: CryptoStoreError | null): EncryptionStatus {
  return {
    problem: failure && { ...failure.toUserError(), signOutMends: failure.signOutMends },
  };
}
