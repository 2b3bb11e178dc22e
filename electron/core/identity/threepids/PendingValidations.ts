/**
 * Validation sessions in progress (sharing an address with the identity server, or adding one
 * to the account), each behind an opaque handle. The client_secret and sid never leave main: the
 * renderer only ever holds the handle. Bounded: the oldest is dropped beyond MAX_PENDING.
 */
import { UserFacingError } from '../../UserFacingError.js';
import type { ThreepidMedium } from '../IdentityServerConnection.js';

const MAX_PENDING = 16;

export interface PendingValidation {
  readonly purpose: 'share' | 'add';
  readonly medium: ThreepidMedium;
  /** Normalised: lower-cased email, MSISDN digits. */
  readonly address: string;
  /** Who validates: the identity server's URL (share) or the homeserver's (add). */
  readonly server: string;
  readonly clientSecret: string;
  sid: string;
  /** The spec's send_attempt: the same number repeats a request, a higher one sends again. */
  sendAttempt: number;
  /** Where the homeserver wants the text-message code (add, msisdn), already checked. */
  submitUrl: string | null;
  /** The user-interactive auth session of /account/3pid/add, once the server opened one. */
  uiaSession: string | null;
}

export class PendingValidations {
  private readonly pending = new Map<string, PendingValidation>();

  add(validation: PendingValidation): string {
    const handle = globalThis.crypto.randomUUID();
    this.pending.set(handle, validation);
    while (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    return handle;
  }

  get(handle: string, purpose: PendingValidation['purpose']): PendingValidation {
    const found = this.pending.get(handle);
    if (!found || found.purpose !== purpose) {
      throw new UserFacingError(
        'THREEPID_NO_SUCH_VALIDATION',
        'That confirmation is no longer in progress (it finished, was cancelled, or the app ' +
          'restarted). Start again.',
      );
    }
    return found;
  }

  delete(handle: string): boolean {
    return this.pending.delete(handle);
  }

  clear(): void {
    this.pending.clear();
  }
}

/** A client_secret as the spec allows ([0-9a-zA-Z.=_-], at most 255), 32 random characters. */
export function newClientSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(24));
  return Buffer.from(bytes).toString('base64url');
}
