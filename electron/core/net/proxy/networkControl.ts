/**
 * What the core may change in the platform's network stack while the app runs (issue 12): the
 * proxy, the certificate authorities the user chose to trust, and who answers a proxy that asks
 * for a user name and password. Electron applies these to Chromium (session.setProxy,
 * setCertificateVerifyProc, the 'login' events); the Node platform to undici. Every change
 * applies to the next request at once: nothing keeps using the old route or CA list.
 */
import type { ProxyCredentials } from './proxyCredentials.js';
import type { ProxySetting } from './proxySetting.js';

export interface ProxyAuthChallenge {
  /** The proxy's URL as the setting names it (never with credentials). */
  proxy: string;
  /** The credentials the proxy just refused, or null on its first ask. */
  refused: ProxyCredentials | null;
}

/** Credentials to try, or null when there are none (the user cancelled): the request fails. */
export type ProxyAuthenticator = (
  challenge: ProxyAuthChallenge,
) => Promise<ProxyCredentials | null>;

export interface NetworkControl {
  /** Routes every later request by `setting`; rejects (changing nothing) if it cannot be used here. */
  applyProxy(setting: ProxySetting): Promise<void>;
  /** The CAs (PEM) the user trusts besides the system's and the administrator's. */
  setUserCas(pems: readonly string[]): Promise<void>;
  /** Drops the credentials in use for this proxy (origin): its next 407 asks again. */
  forgetProxyCredentials(proxy: string): Promise<void>;
  /** Who is asked when a proxy answers 407; set once by the core. */
  setProxyAuthenticator(authenticate: ProxyAuthenticator): void;
}
