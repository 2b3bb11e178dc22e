import { RefreshRejectedError, type TokenRefresher } from './TokenRefresher.js';

/**
 * The fetch every homeserver request of a session goes through. It puts the current access
 * token on authenticated requests (the SDK holds a copy that a refresh makes stale), refreshes
 * shortly before expiry, and on 401 M_UNKNOWN_TOKEN refreshes once and retries. When the server
 * has ended the session it reports a soft (`soft_logout: true`: device kept) or hard logout; when
 * a refresh was refused, the refusal's own soft_logout decides, not the 401 that led to it.
 * Requests to other origins — an identity server — pass through untouched, so the homeserver
 * token never goes anywhere else.
 */
export interface AuthenticatedFetchOptions {
  baseFetch: typeof globalThis.fetch;
  homeserverUrl: string;
  refresher: TokenRefresher;
  onLoggedOut: (soft: boolean) => void;
}

export function createAuthenticatedFetch(
  options: AuthenticatedFetchOptions,
): typeof globalThis.fetch {
  const { baseFetch, homeserverUrl, refresher } = options;
  const prefix = `${homeserverUrl}/_matrix/`;

  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    if (!url.startsWith(prefix) || !headers.has('authorization')) return baseFetch(input, init);
    // The session sends /refresh without a token (the spec needs none); should one carry a token
    // anyway, never refresh around it: that would wait for itself.
    if (/\/refresh$/.test(new URL(url).pathname)) return send();

    if (refresher.expiresSoon()) await refresher.refresh().catch(() => {});
    const tokenUsed = refresher.accessToken;
    const first = await send();
    const unknownToken = await readUnknownToken(first);
    if (!unknownToken) return first;

    if (refresher.canRefresh) {
      try {
        // Another request may have refreshed already while this one was in flight.
        if (refresher.accessToken === tokenUsed) await refresher.refresh();
        const retried = await send();
        const stillUnknown = await readUnknownToken(retried);
        if (!stillUnknown) return retried;
        // A fresh token refused as well: what the server says now is the verdict.
        options.onLoggedOut(stillUnknown.soft);
        return retried;
      } catch (error) {
        if (!(error instanceof RefreshRejectedError)) return first; // transient: keep the session
        options.onLoggedOut(error.soft);
        return first;
      }
    }
    // No refresh token (or it was refused already): the refusal's verdict, else this 401's.
    options.onLoggedOut(refresher.refusal?.soft ?? unknownToken.soft);
    return first;

    function send() {
      headers.set('authorization', `Bearer ${refresher.accessToken}`);
      return baseFetch(input, { ...init, headers });
    }
  };
}

async function readUnknownToken(response: Response): Promise<{ soft: boolean } | null> {
  if (response.status !== 401) return null;
  try {
    const body = (await response.clone().json()) as { errcode?: unknown; soft_logout?: unknown };
    return body.errcode === 'M_UNKNOWN_TOKEN' ? { soft: body.soft_logout === true } : null;
  } catch {
    return null;
  }
}
