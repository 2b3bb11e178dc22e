/** Sentences about the identity server, derived from IdentityState alone. */
import type { IdentitySource, IdentityState } from './contract';

export function sourcePhrase(source: IdentitySource): string {
  switch (source) {
    case 'account':
      return 'set on your account';
    case 'login':
      return 'suggested by your sign-in server';
    case 'discovery':
      return "your server's default";
    case 'default':
      return "this app's default";
    case 'none':
      return 'none';
    case 'pending':
      return 'checking your account…';
  }
}

export const disabledByAccountText =
  'Identity server disabled for your account; finding people by email or phone is off';

/** The one-line answer to "which identity server am I using, and why". */
export function identitySummary(identity: IdentityState): string {
  if (identity.source === 'pending') return 'Identity server: checking your account…';
  if (identity.disabledByAccount) return disabledByAccountText;
  if (identity.url === null) return 'Identity server: none';
  return `Identity server: ${identity.url} (${sourcePhrase(identity.source)})`;
}

function serverOrNone(url: string | null): string {
  return url ?? 'none';
}

export function changedElsewhereText(change: { from: string | null; to: string | null }): string {
  return `Another device changed your identity server from ${serverOrNone(change.from)} to ${serverOrNone(change.to)}`;
}

/** True when an active server's terms still need accepting before anything is sent to it. */
export function needsTerms(identity: IdentityState): boolean {
  return identity.url !== null && !identity.termsAccepted && identity.source !== 'pending';
}

export function termsNeededText(url: string): string {
  return `You have not accepted the terms of ${url}; finding people by email or phone is off until you do`;
}

/** Why "Find someone" cannot be used right now, or null when it can. */
export function lookupBlockedReason(identity: IdentityState): string | null {
  if (identity.source === 'pending') return 'Checking your account for an identity server…';
  if (identity.disabledByAccount) {
    return 'Finding people needs an identity server, and yours is disabled for your account';
  }
  if (identity.url === null) return 'Finding people needs an identity server, and none is active';
  if (!identity.termsAccepted) {
    return `Finding people needs ${identity.url}, whose terms you have not accepted yet`;
  }
  return null;
}
