/**
 * The line shown for an encrypted message this device cannot read, saying why in words (the
 * SDK's DecryptionFailureCode) instead of one "unable to decrypt" for every cause: most causes
 * are expected (the message predates this device), and the user needs to tell those from the
 * ones that are not (an unknown sender device).
 */
import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api/index.js';
import type { MatrixEvent } from 'matrix-js-sdk';

const PREFIX = 'Encrypted message';

export function undecryptableText(event: MatrixEvent, encryptionRuns: boolean): string {
  if (!encryptionRuns) {
    return `${PREFIX}: end-to-end encryption is not running on this device, so it cannot be read here.`;
  }
  if (!event.isDecryptionFailure()) return `${PREFIX}: decrypting…`;
  switch (event.decryptionFailureReason) {
    case DecryptionFailureCode.HISTORICAL_MESSAGE_NO_KEY_BACKUP:
    case DecryptionFailureCode.HISTORICAL_MESSAGE_BACKUP_UNCONFIGURED:
    case DecryptionFailureCode.HISTORICAL_MESSAGE_WORKING_BACKUP:
      return `${PREFIX}: it was sent before this device signed in, and this device has no copy of its key.`;
    case DecryptionFailureCode.HISTORICAL_MESSAGE_USER_NOT_JOINED:
      return `${PREFIX}: it was sent while you were not in the room.`;
    case DecryptionFailureCode.MEGOLM_KEY_WITHHELD:
      return `${PREFIX}: the sender's device withheld the key from this device.`;
    case DecryptionFailureCode.MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE:
      return `${PREFIX}: the sender only shares keys with verified devices, and this device is not verified.`;
    case DecryptionFailureCode.MEGOLM_UNKNOWN_INBOUND_SESSION_ID:
      return `${PREFIX}: the key has not reached this device (yet). It may still arrive.`;
    case DecryptionFailureCode.OLM_UNKNOWN_MESSAGE_INDEX:
      return `${PREFIX}: this device only has the key for later messages of the sender.`;
    case DecryptionFailureCode.UNKNOWN_SENDER_DEVICE:
      return `${PREFIX}: it was sent from a device that is unknown to this one, so it is not shown.`;
    case DecryptionFailureCode.UNSIGNED_SENDER_DEVICE:
      return `${PREFIX}: the sender's device is not verified by its owner, so it is not shown.`;
    case DecryptionFailureCode.SENDER_IDENTITY_PREVIOUSLY_VERIFIED:
      return `${PREFIX}: the sender's identity changed since it was verified, so it is not shown.`;
    default:
      return `${PREFIX}: it could not be decrypted.`;
  }
}
