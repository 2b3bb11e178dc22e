/**
 * The words of the invite form (InviteForm.svelte): what will happen to an address before it is
 * sent, and why it cannot be, for the identity state the window holds.
 */
import type { IdentityState, InviteAddressResult } from '../../lib/contract';
import { readDefaultCountry } from '../../lib/defaultCountry';

/** Find people's default country (Settings), when it is a valid one. */
export function defaultCountry(): string | null {
  const value = readDefaultCountry();
  return /^[A-Z]{2}$/.test(value) ? value : null;
}

/** Why email addresses and phone numbers cannot be invited now, or null when they can. */
export function addressInviteBlocked(identity: IdentityState | null): string | null {
  if (identity === null || identity.source === 'pending') {
    return 'Checking your account for an identity server…';
  }
  if (identity.disabledByAccount) {
    return 'Inviting by email address or phone number needs an identity server, and yours is turned off for your account';
  }
  if (identity.url === null) {
    return 'Inviting by email address or phone number needs an identity server, and none is set';
  }
  if (!identity.termsAccepted) {
    return `Inviting by email address or phone number needs ${identity.url}, whose terms you have not accepted yet`;
  }
  return null;
}

/** Refusals the identity-server setting fixes: the form links to it. */
export function needsIdentitySetting(code: string | undefined): boolean {
  return code === 'IDENTITY_NONE' || code === 'IDENTITY_TERMS_NOT_ACCEPTED';
}

type Confirmation = Extract<InviteAddressResult, { kind: 'needsConfirmation' }>;

export function confirmationQuestion({ medium, address, server }: Confirmation): string {
  const by = medium === 'email' ? 'by email' : 'by text message';
  return `Nobody has shared ${address} on ${hostOf(server)}. Send an invitation ${by} through ${hostOf(server)}?`;
}

export function confirmationDetail({ medium, server }: Confirmation): string {
  const what = medium === 'email' ? 'email address' : 'phone number';
  return (
    `Your homeserver will pass the ${what} to the identity server ${server}, which sends the ` +
    'invitation. Whoever accepts it with that address joins the room.'
  );
}

export function outcomeText(result: InviteAddressResult): string | null {
  switch (result.kind) {
    case 'invited':
      return `Invited ${result.userId}.`;
    case 'invitedByAddress':
      return `Invitation sent to ${result.address} through ${hostOf(result.server)}.`;
    case 'needsConfirmation':
      return null;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
