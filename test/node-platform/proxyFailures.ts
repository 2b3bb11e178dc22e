/**
 * Recognises, in what undici's fetch threw, a failure at the proxy (it could not be reached, it
 * asked for or refused credentials, it refused the tunnel) and rejects with a ProxyFailure instead (the
 * original error as its cause), so the core's messages name the proxy. Other errors pass unchanged.
 */
import { ProxyFailure } from '../../electron/core/net/proxy/ProxyFailure.js';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function withProxyFailures(
  fetch: typeof globalThis.fetch,
  proxyUrl: string,
  hasCredentials: boolean,
): typeof globalThis.fetch {
  const proxy = new URL(proxyUrl);
  const proxyPort = proxy.port || (proxy.protocol === 'https:' ? '443' : '80');
  const classify = (error: unknown): ProxyFailure | null => {
    const cause = { cause: error };
    for (let e = error as Record<string, unknown> | undefined, i = 0; e && i < 6; i++) {
      const message = typeof e.message === 'string' ? e.message : '';
      const status = /Proxy response \((\d{3})\)/.exec(message)?.[1];
      if (status === '407') {
        return new ProxyFailure(
          proxyUrl,
          hasCredentials ? 'authRefused' : 'authRequired',
          'HTTP 407',
          cause,
        );
      }
      if (status) return new ProxyFailure(proxyUrl, 'refusedTunnel', `HTTP ${status}`, cause);
      const code = typeof e.code === 'string' ? e.code : '';
      // A SOCKS5 proxy that wants a user name and password (offered none), or refused them.
      if (code === 'UND_ERR_SOCKS5_AUTH_REJECTED' || code === 'UND_ERR_SOCKS5_AUTH_FAILED') {
        return new ProxyFailure(
          proxyUrl,
          hasCredentials ? 'authRefused' : 'authRequired',
          'SOCKS5 authentication',
          cause,
        );
      }
      const atProxy =
        (e.address === proxy.hostname && String(e.port) === proxyPort) ||
        e.hostname === proxy.hostname;
      if (UNREACHABLE_CODES.has(code) && atProxy)
        return new ProxyFailure(proxyUrl, 'unreachable', code, cause);
      e = e.cause as Record<string, unknown> | undefined;
    }
    return null;
  };
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      // A ProxyFailure is still a TypeError, as fetch's network failures are: the SDK relies on it.
      throw classify(error) ?? error;
    }
  };
}
