/**
 * The app's proxy setting (electron/core/net/proxy/proxySetting.ts) on undici, for the Node
 * platform: what session.setProxy does in Electron, so the tests drive the same setting through
 * a real proxy.
 *
 * - system: the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) through EnvHttpProxyAgent,
 *   which is what "the system's proxy" means for a Node program.
 * - direct: the plain agent.
 * - manual: ProxyAgent (http:// and https:// proxies; CONNECT for https targets) or
 *   Socks5ProxyAgent (socks5://, undici 7.23+), with the bypass list honoured per origin.
 * - pac: undici cannot run a PAC script; refused with a clear error rather than silently
 *   going direct (Electron runs PAC scripts itself).
 */
import { Dispatcher, EnvHttpProxyAgent, ProxyAgent, Socks5ProxyAgent } from 'undici';
import type { ProxyCredentials } from '../../electron/core/net/proxy/proxyCredentials.js';
import { bypassesProxy, type ProxySetting } from '../../electron/core/net/proxy/proxySetting.js';

export interface ProxyDispatcherOptions {
  setting: ProxySetting;
  credentials?: ProxyCredentials | null | undefined;
  /** The direct route (with the platform's CA list and test host mapping). */
  direct: Dispatcher;
  /** TLS options for the target server when tunnelled (the platform's CA list). */
  ca?: string[] | undefined;
}

export function createProxyDispatcher(options: ProxyDispatcherOptions): Dispatcher {
  const { setting, direct, ca } = options;
  const requestTls = ca ? { ca } : {};
  switch (setting.mode) {
    case 'direct':
      return direct;
    case 'system':
      // No proxy in the environment: the direct route (keeps the test host mapping).
      if (
        !process.env.HTTPS_PROXY &&
        !process.env.https_proxy &&
        !process.env.HTTP_PROXY &&
        !process.env.http_proxy
      ) {
        return direct;
      }
      return new EnvHttpProxyAgent({ connect: requestTls });
    case 'pac':
      throw new Error(
        `A proxy script (${setting.pac_url}) cannot be used outside the desktop app; choose a manual proxy`,
      );
    case 'manual': {
      const proxied = manualProxy(setting.url, options.credentials ?? null, requestTls);
      if (setting.bypass.length === 0) return proxied;
      return new ByOrigin(
        (origin) => (bypassesProxy(setting.bypass, origin) ? direct : proxied),
        [direct, proxied],
      );
    }
  }
}

function manualProxy(
  url: string,
  credentials: ProxyCredentials | null,
  requestTls: { ca?: string[] },
): Dispatcher {
  if (url.startsWith('socks5:')) {
    // `requestTls` is the TLS to the server through the tunnel; `connect` would be the
    // connector to the proxy itself (a function), and the platform's CA list never applied.
    return new Socks5ProxyAgent(url, {
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
      requestTls,
    } as Socks5ProxyAgent.Options);
  }
  return new ProxyAgent({
    uri: url,
    requestTls,
    ...(credentials
      ? {
          token: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
        }
      : {}),
  });
}

/** Sends each request through the dispatcher chosen for its origin (the bypass list). */
class ByOrigin extends Dispatcher {
  constructor(
    private readonly choose: (origin: URL) => Dispatcher,
    private readonly all: Dispatcher[],
  ) {
    super();
  }

  override dispatch(
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    return this.choose(new URL(String(options.origin))).dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all(this.all.map((d) => d.close()));
  }

  override async destroy(): Promise<void> {
    await Promise.all(this.all.map((d) => d.destroy()));
  }
}
