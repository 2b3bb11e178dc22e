/**
 * The app's proxy setting applied to Chromium's network stack, which carries every request of
 * the app (net.fetch, net.request, the window): `session.setProxy` with Electron's ProxyConfig,
 * and proxy authentication answered from the sealed credentials (core/net/proxy/).
 *
 * A 407 reaches main in two places: `app.on('login')` for the window's own requests, and each
 * main-process ClientRequest's 'login' event (manualRedirectFetch). Both go through
 * answerProxyLogin. A server's own 401 (authInfo.isProxy false) is never answered here.
 */
import type { App, AuthInfo, ProxyConfig, Session } from 'electron';
import type { ProxyCredentials } from '../core/net/proxy/proxyCredentials.js';
import type { ProxySetting } from '../core/net/proxy/proxySetting.js';

export function toElectronProxyConfig(setting: ProxySetting): ProxyConfig {
  switch (setting.mode) {
    case 'system':
      return { mode: 'system' };
    case 'direct':
      return { mode: 'direct' };
    case 'manual':
      // One proxy URI for every scheme: "http://host:port", "https://…" or "socks5://…".
      return {
        mode: 'fixed_servers',
        proxyRules: setting.url,
        proxyBypassRules: setting.bypass.join(','),
      };
    case 'pac':
      return { mode: 'pac_script', pacScript: setting.pac_url };
  }
}

/** Applies the setting; open connections are closed so nothing keeps using the old route. */
export async function applyProxySetting(session: Session, setting: ProxySetting): Promise<void> {
  await session.setProxy(toElectronProxyConfig(setting));
  await session.closeAllConnections();
}

/** Finds the credentials for the proxy at `host:port` (as Chromium names it), or null. */
export type ProxyCredentialLookup = (proxy: {
  scheme: string;
  host: string;
  port: number;
}) => ProxyCredentials | null;

let lookup: ProxyCredentialLookup = () => null;

export function setProxyCredentialLookup(next: ProxyCredentialLookup): void {
  lookup = next;
}

type LoginCallback = (username?: string, password?: string) => void;
type ProxyAuthInfo = Pick<AuthInfo, 'isProxy' | 'scheme' | 'host' | 'port'>;

/**
 * An answerer for ONE request. Chromium asks again on the same request when the proxy refused
 * what was sent; the second ask is cancelled (`callback()` with no arguments), so wrong
 * credentials fail the request with the proxy's 407 instead of looping. With nothing stored the
 * first ask is cancelled too. Returns whether the challenge was a proxy's (a server's own 401
 * is left alone).
 */
export function createProxyLoginAnswerer(): (
  info: ProxyAuthInfo,
  callback: LoginCallback,
) => boolean {
  let answered = false;
  return (authInfo, callback) => {
    if (!authInfo.isProxy) return false;
    const credentials = answered ? null : lookup(authInfo);
    answered = true;
    if (credentials) callback(credentials.username, credentials.password);
    else callback();
    return true;
  };
}

/** Pages being answered, by URL: one answer each, then a refusal (see above). Kept small. */
const MAX_TRACKED_PAGES = 64;

/** The window's proxy challenges. Server (non-proxy) challenges keep Electron's default. */
export function answerWindowProxyLogins(app: Pick<App, 'on'>): void {
  const answerers = new Map<string, ReturnType<typeof createProxyLoginAnswerer>>();
  app.on('login', (event, _webContents, details, authInfo, callback) => {
    if (!authInfo.isProxy) return;
    event.preventDefault();
    let answer = answerers.get(details.url);
    if (!answer) {
      if (answerers.size >= MAX_TRACKED_PAGES) answerers.clear();
      answer = createProxyLoginAnswerer();
      answerers.set(details.url, answer);
    }
    answer(authInfo, callback);
  });
}
