/**
 * Whether the device's end-to-end encryption runs, for the app-level banner: `problem` is set
 * when the session should encrypt but its store could not be used (CryptoStoreError's words,
 * which say what to do), null when it runs or when this platform offers no encryption.
 */
import type { UserError } from '../UserFacingError.js';

export interface EncryptionStatus {
  problem: UserError | null;
}
