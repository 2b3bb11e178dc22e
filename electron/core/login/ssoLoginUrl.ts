import type { LoginFlows } from './discovery.js';
import { anonymousClient } from '../net/anonymousClient.js';
import { hostOf } from '../net/hostOf.js';
import { UserFacingError } from '../UserFacingError.js';

/**
 * The URL that starts a single sign-on in the system browser. The identity provider id comes
 * from the renderer, so it is taken only when the server itself offered it (GET /login, kept in
 * the discovery or the soft-logged-out record), and it is encoded as one path segment: an id
 * such as `../../evil` can neither pick another endpoint nor reshape the URL.
 *
 * `flows` null means the sign-in methods are unknown (a session record from before they were
 * kept): only the server's generic SSO, with no provider id, is allowed then.
 */
export function ssoLoginUrl(options: {
  serverUrl: string;
  fetch: typeof globalThis.fetch;
  redirectUrl: string;
  providerId: string | null;
  flows: LoginFlows | null;
}): string {
  const { serverUrl, providerId, flows } = options;
  const host = hostOf(serverUrl);
  if (flows && flows.sso.length === 0) {
    throw new UserFacingError('SSO_NOT_OFFERED', `${host} does not offer single sign-on.`);
  }
  if (providerId !== null && !isOffered(providerId, flows)) {
    throw new UserFacingError(
      'UNKNOWN_SSO_PROVIDER',
      `${host} does not offer the sign-in provider "${shorten(providerId)}". Choose one of the providers it lists.`,
    );
  }
  const client = anonymousClient(serverUrl, options.fetch);
  const segment = providerId === null ? undefined : encodeURIComponent(providerId);
  return client.getSsoLoginUrl(options.redirectUrl, 'sso', segment);
}

function isOffered(providerId: string, flows: LoginFlows | null): boolean {
  // "." and ".." survive encoding and would be resolved away by the URL parser.
  if (providerId === '.' || providerId === '..') return false;
  return flows?.sso.some((provider) => provider.id === providerId) ?? false;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
