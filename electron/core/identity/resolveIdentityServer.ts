/**
 * DESIGN.md "Identity server resolution" as one pure function: which identity server (IS) this
 * login uses, given what is known about the m.identity_server account data and the defaults.
 */
import type { IdentitySource } from './identityState.js';
import type { IdentityDefaults } from './IdentityContext.js';
import { parseIdentityServerUrl } from './identityServerUrl.js';

/** What this login knows about the m.identity_server account-data event. */
export type AccountDataStatus =
  /** Not known yet: no IS request of any kind may be made. */
  | { kind: 'pending' }
  /** The homeserver confirmed there is no such event (404 M_NOT_FOUND). */
  | { kind: 'absent' }
  /** The event's content, exactly as the server sent it (untrusted). */
  | { kind: 'present'; content: unknown };

export interface Resolution {
  url: string | null;
  source: IdentitySource;
  /** The account says "no identity server" ({"base_url": null}). */
  disabledByAccount: boolean;
}

export function resolveIdentityServer(
  accountData: AccountDataStatus,
  defaults: IdentityDefaults,
): Resolution {
  if (accountData.kind === 'pending') {
    return { url: null, source: 'pending', disabledByAccount: false };
  }
  if (accountData.kind === 'present') {
    const baseUrl = readBaseUrl(accountData.content);
    if (baseUrl === null) return { url: null, source: 'account', disabledByAccount: true };
    const url = parseIdentityServerUrl(baseUrl);
    if (url !== null) return { url, source: 'account', disabledByAccount: false };
    // Anything else (missing, a number, "", javascript:, garbage) is treated as if the event
    // were absent, as MSC2230 says for a missing key: fall through to the defaults.
  }
  const fallbacks: [IdentitySource, string | null][] = [
    ['login', defaults.login],
    ['discovery', defaults.discovery],
    ['default', defaults.app],
  ];
  for (const [source, candidate] of fallbacks) {
    const url = parseIdentityServerUrl(candidate);
    if (url !== null) return { url, source, disabledByAccount: false };
  }
  return { url: null, source: 'none', disabledByAccount: false };
}

/** `base_url` of the content: null only for an explicit JSON null, undefined when unusable. */
function readBaseUrl(content: unknown): unknown {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return undefined;
  return Object.hasOwn(content, 'base_url')
    ? (content as { base_url: unknown }).base_url
    : undefined;
}
