/**
 * The one place that decides whether a URL from a user or a server may be used as a Matrix
 * base URL (homeserver or identity server). Every URL that arrives from outside passes here
 * before the app sends anything to it.
 */

export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2048;

/**
 * localhost, 127.0.0.0/8 and ::1 — the only hosts where plain http cannot be intercepted —
 * spelled as the WHATWG URL parser gives `hostname` (it already folds 127.1, 0x7f.1 and friends
 * into dotted IPv4, and keeps IPv6 in brackets).
 */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = hostname.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  );
}

/**
 * A base URL is acceptable when it is an absolute https URL (http only to loopback), carries no
 * credentials, query or fragment, and — when `from` is given — does not move an https session to
 * http. Returns the URL normalised without trailing slashes, as clients append `/_matrix/...`.
 */
export function checkBaseUrl(raw: unknown, options: { from?: string | null } = {}): UrlVerdict {
  if (typeof raw !== 'string' || raw.trim() === '') return fail('it is not a URL');
  if (raw.length > MAX_URL_LENGTH) return fail('it is too long');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(`"${shorten(raw)}" is not a valid URL`);
  }
  const transport = transportProblem(url, options.from ? new URL(options.from) : null);
  if (transport) return fail(transport);
  if (url.search || url.hash) return fail('it contains a query or fragment');
  const normalised = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  // Percent-encoding can triple the length: the cap holds for the URL that is kept, too.
  if (normalised.length > MAX_URL_LENGTH) return fail('it is too long');
  return { ok: true, url: normalised };
}

/**
 * May a request that was sent to `from` follow an HTTP redirect to `to`? The same transport rules
 * as a base URL (https, http only to loopback, no https→http downgrade, no credentials), without
 * the base-URL rules about query strings: a redirect names a whole request URL. Returns why not,
 * or null when the hop is acceptable.
 */
export function redirectHopProblem(from: URL, to: URL): string | null {
  return transportProblem(to, from);
}

function transportProblem(url: URL, from: URL | null): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `it uses ${url.protocol} where https: is required`;
  }
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return `it uses unencrypted http (${url.host}); https is required`;
  }
  if (from?.protocol === 'https:' && url.protocol === 'http:') {
    return `it would downgrade the connection from https to http (${url.host})`;
  }
  if (url.username || url.password) return 'it contains a user name or password';
  return null;
}

/**
 * May a link a server gave be shown to the user or opened in their browser (an account page, a
 * device-grant verification link)? The transport rules of a base URL (https, http only to
 * loopback, no credentials); a query is allowed, as such links carry parameters. Returns the
 * URL as parsed.
 */
export function checkBrowserLink(raw: unknown): UrlVerdict {
  if (typeof raw !== 'string' || raw.trim() === '') return fail('it is not a URL');
  if (raw.length > MAX_URL_LENGTH) return fail('it is too long');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail(`"${shorten(raw)}" is not a valid URL`);
  }
  const transport = transportProblem(url, null);
  return transport ? fail(transport) : { ok: true, url: url.href };
}

/** What a person typed: a URL as given, or a bare server name to discover. */
export type ServerInput = { kind: 'url'; url: string } | { kind: 'name'; name: string };

export function parseServerInput(input: string): ServerInput | { kind: 'invalid'; reason: string } {
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const verdict = checkBaseUrl(text);
    return verdict.ok
      ? { kind: 'url', url: verdict.url }
      : { kind: 'invalid', reason: verdict.reason };
  }
  // A server name is a host with an optional port; anything else (paths, spaces) is a typo.
  try {
    const url = new URL(`https://${text}`);
    if (url.pathname === '/' && !url.search && !url.hash && !url.username && url.host) {
      return { kind: 'name', name: url.host };
    }
  } catch {
    // fall through
  }
  return { kind: 'invalid', reason: `"${shorten(text)}" is not a server name or URL` };
}

function fail(reason: string): UrlVerdict {
  return { ok: false, reason };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
