/**
 * Each reason matrix-js-sdk gives for a message it could not decrypt is said in its own words:
 * a user must tell "sent before this device existed" (expected) from "unknown device" (not).
 */
import { MatrixEvent } from 'matrix-js-sdk';
import { DecryptionFailureCode } from 'matrix-js-sdk/lib/crypto-api/index.js';
import { describe, expect, it } from 'vitest';
import { undecryptableText } from '../../../electron/core/rooms/undecryptableText.js';

/** An encrypted event the SDK failed to decrypt with `code` (as its decryption sets it). */
function failed(code: DecryptionFailureCode): MatrixEvent {
  const event = new MatrixEvent({
    type: 'm.room.encrypted',
    event_id: '$e',
    room_id: '!r:hs',
    sender: '@s:hs',
    content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'x' },
  });
  Object.defineProperty(event, 'decryptionFailureReason', { get: () => code });
  Object.defineProperty(event, 'isDecryptionFailure', { value: () => true });
  return event;
}

describe('undecryptableText', () => {
  it('names every failure code with its own sentence', () => {
    const codes = Object.values(DecryptionFailureCode);
    const texts = codes.map((code) => undecryptableText(failed(code), true));
    for (const text of texts) expect(text).toMatch(/^Encrypted message: /);
    // The three "historical" codes say the same thing (sent before this device had the key),
    // and UNKNOWN_ERROR has the generic line; every other code is distinct.
    const distinct = new Set(texts);
    expect(distinct.size).toBe(codes.length - 2);
    expect(
      undecryptableText(failed(DecryptionFailureCode.HISTORICAL_MESSAGE_NO_KEY_BACKUP), true),
    ).toMatch(/sent before this device signed in/);
    expect(undecryptableText(failed(DecryptionFailureCode.MEGOLM_KEY_WITHHELD), true)).toMatch(
      /withheld/,
    );
    expect(undecryptableText(failed(DecryptionFailureCode.UNKNOWN_SENDER_DEVICE), true)).toMatch(
      /unknown to this one/,
    );
  });

  it('says when decryption is still under way, and when encryption does not run here', () => {
    const pending = new MatrixEvent({ type: 'm.room.encrypted', event_id: '$p', content: {} });
    expect(undecryptableText(pending, true)).toBe('Encrypted message: decrypting…');
    expect(undecryptableText(pending, false)).toMatch(/not running on this device/);
  });
});
