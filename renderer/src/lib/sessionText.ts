/** Sentences that describe a signed-in session. */
import type { SessionState } from './contract';

type SignedIn = Extract<SessionState, { status: 'signedIn' }>;

/** Says where the user signed in and, when routed, which server now serves them. */
export function sessionSummary(session: SignedIn): string {
  if (session.loginServerUrl !== session.homeserverUrl) {
    return `Signed in as ${session.userId} via ${session.loginServerUrl}, served by ${session.homeserverUrl}`;
  }
  return `Signed in as ${session.userId} on ${session.homeserverUrl}`;
}

export function redirectRejectedWarning(message: string): string {
  return `The sign-in server offered to move you to another server, which was not used: ${message}`;
}
