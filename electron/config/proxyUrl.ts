/**
 * Which proxy URLs an administrator may configure. A proxy is not a Matrix server, so
 * urlPolicy's base-URL rule (https only) does not fit: corporate proxies speak plain http or
 * socks5 and TLS runs through them end to end. What still holds: a known scheme, a host, no
 * path, query or fragment, and no password in a file every user can read (the app asks for
 * proxy credentials itself, issue 12).
 */
import type { UrlVerdict } from '../core/net/urlPolicy.js';

const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:']);
const MAX_URL_LENGTH = 2048;

export function checkProxyUrl(raw: string): UrlVerdict {
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: 'it is too long' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid URL` };
  }
  if (!PROXY_SCHEMES.has(url.protocol)) {
    return {
      ok: false,
      reason: `it uses ${url.protocol} where http:, https: or socks5: is needed`,
    };
  }
  if (url.hostname === '') return { ok: false, reason: 'it names no host' };
  if (url.username || url.password) {
    return {
      ok: false,
      reason: 'it contains a user name or password; the app asks for proxy credentials itself',
    };
  }
  // Special schemes (http, https) always have at least "/"; socks5 has "" when no path is given.
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, reason: 'a proxy URL has no path, query or fragment' };
  }
  return { ok: true, url: `${url.protocol}//${url.host}` };
}
