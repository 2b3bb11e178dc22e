import type { UserError } from '../UserFacingError.js';
import { hostOf } from '../net/hostOf.js';
import { probeHomeserver } from '../net/probeHomeserver.js';
import { checkBaseUrl } from '../net/urlPolicy.js';
import type { RedirectOffer } from './redirectTarget.js';

export type RedirectVerdict = { ok: true; url: string } | { ok: false; error: UserError };

/**
 * Checks a redirect target before the session moves to it: a URL; https, or http only to
 * loopback; never from https down to http; and a Matrix homeserver that answers
 * /_matrix/client/versions (net/probeHomeserver.ts). Popular clients
 * follow the target blindly; a typo or a hostile portal would then receive the new access token.
 */
export async function validateRedirectTarget(
  fetch: typeof globalThis.fetch,
  offer: RedirectOffer,
  loginServerUrl: string,
): Promise<RedirectVerdict> {
  const portal = hostOf(loginServerUrl);
  const verdict = checkBaseUrl(offer.raw, { from: loginServerUrl });
  if (!verdict.ok) {
    return reject(
      'REDIRECT_INVALID',
      `${portal} pointed to ${quoted(offer.raw)}, which cannot be used: ${verdict.reason}.`,
    );
  }
  if (verdict.url === loginServerUrl) return verdict;
  const probe = await probeHomeserver(fetch, verdict.url);
  if (!probe.ok) {
    return reject(
      'REDIRECT_NOT_MATRIX',
      `${portal} pointed to ${hostOf(verdict.url)}, which cannot be used: ${probe.reason}.`,
    );
  }
  return verdict;
}

/** The refused value as the user may see it: quoted, shortened, never a clickable link. */
function quoted(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') return 'a server without a usable address';
  const text = raw.trim();
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

function reject(code: string, message: string): RedirectVerdict {
  return { ok: false, error: { code, message } };
}
