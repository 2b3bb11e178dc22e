/**
 * The app's proxy setting applied to Chromium's network stack, which carries every request of
 * the app (net.fetch, net.request, the window): `session.setProxy` with Electron's ProxyConfig,
 * and proxy authentication answered by the core (known credentials, else the user is asked).
 *
 * A 407 reaches main in two places: `app.on('login')` for the window's own requests, and each
 * main-process ClientRequest's 'login' event (manualRedirectFetch). Both go through
 * answerProxyLogin. A server's own 401 (authInfo.isProxy false) is never answered here.
 */
import type { App, AuthInfo, ProxyConfig, Session } from 'electron';
import type { ProxyAuthenticator } from '../core/net/proxy/networkControl.js';
import { proxyUrlForChallenge, type ProxyCredentials } from '../core/net/proxy/proxyCredentials.js';
import type { ProxySetting } from '../core/net/proxy/proxySetting.js';
import { ProxyFailure, type ProxyProblem } from '../core/net/proxy/ProxyFailure.js';

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

/** What applyProxySetting last applied, so a failed request can name the proxy. */
let current: ProxySetting = { mode: 'system' };

/** Applies the setting; open connections are closed so nothing keeps using the old route. */
export async function applyProxySetting(session: Session, setting: ProxySetting): Promise<void> {
  await session.setProxy(toElectronProxyConfig(setting));
  current = setting;
  await session.closeAllConnections();
}

/** Who answers a proxy's challenge (the core's ProxyAuthBroker); until set, nobody: cancelled. */
let authenticate: ProxyAuthenticator = async () => null;

export function setProxyAuthenticator(next: ProxyAuthenticator): void {
  authenticate = next;
}

/** Asks per request: Chromium asks again after a refusal; a user who keeps failing is stopped. */
const MAX_ASKS = 3;

type LoginCallback = (username?: string, password?: string) => void;
type ProxyAuthInfo = Pick<AuthInfo, 'isProxy' | 'scheme' | 'host' | 'port'>;

/**
 * An answerer for ONE request. The first challenge is answered with known credentials or by
 * asking the user (the core decides); Chromium challenges again on the same request when the
 * proxy refused them, and the user is asked again, told so, up to MAX_ASKS times. A Cancel (no
 * credentials) is `callback()` with no arguments: the request fails with the proxy's 407.
 * Returns whether the challenge was a proxy's (a server's own 401 is left alone).
 */
export function createProxyLoginAnswerer(): (
  info: ProxyAuthInfo,
  callback: LoginCallback,
) => boolean {
  let asks = 0;
  let lastGiven: ProxyCredentials | null = null;
  return (authInfo, callback) => {
    if (!authInfo.isProxy) return false;
    if (asks++ >= MAX_ASKS) {
      callback();
      return true;
    }
    const proxy = proxyUrlForChallenge(current, authInfo.host, authInfo.port);
    authenticate({ proxy, refused: lastGiven }).then(
      (credentials) => {
        lastGiven = credentials;
        if (credentials) callback(credentials.username, credentials.password);
        else callback();
      },
      () => callback(),
    );
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

/** Chromium's net errors that mean the proxy failed, not the server (net/base/net_error_list.h). */
const PROXY_ERRORS: Record<string, ProxyProblem> = {
  ERR_PROXY_CONNECTION_FAILED: 'unreachable',
  ERR_SOCKS_CONNECTION_FAILED: 'unreachable',
  ERR_MANDATORY_PROXY_CONFIGURATION_FAILED: 'unreachable',
  ERR_PROXY_AUTH_REQUESTED: 'authRequired',
  ERR_PROXY_AUTH_UNSUPPORTED: 'authRequired',
  ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION: 'authRequired',
  ERR_TUNNEL_CONNECTION_FAILED: 'refusedTunnel',
};

/**
 * The ProxyFailure a Chromium network error stands for, or null. net.fetch and net.request
 * reject with an Error whose message is the net error's name ("net::ERR_PROXY_CONNECTION_FAILED").
 */
export function chromiumProxyFailure(error: unknown): ProxyFailure | null {
  const message = error instanceof Error ? error.message : String(error);
  const name = /net::(ERR_[A-Z0-9_]+)/.exec(message)?.[1];
  const problem = name ? PROXY_ERRORS[name] : undefined;
  if (!name || !problem) return null;
  const proxy =
    current.mode === 'manual'
      ? current.url
      : current.mode === 'pac'
        ? `chosen by ${current.pac_url}`
        : current.mode === 'system'
          ? 'set in the system settings'
          : 'in use';
  return new ProxyFailure(proxy, problem, name, { cause: error });
}

/** fetch, rejecting with a ProxyFailure when Chromium says the proxy failed. */
export function withChromiumProxyFailures(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      throw chromiumProxyFailure(error) ?? error;
    }
  };
}
