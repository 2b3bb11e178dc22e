/**
 * The core's NetworkControl (core/net/proxy/networkControl.ts) on Chromium's network stack,
 * which carries every request of the app: the proxy through session.setProxy, the user's
 * trusted CAs next to the administrator's in the certificate verify proc (privateCaTrust.ts),
 * and proxy sign-in through the 'login' events (electronProxy.ts). Each change closes the open
 * connections, so the next request uses the new route and is verified again.
 */
import type { Session } from 'electron';
import type { NetworkControl } from '../core/net/proxy/networkControl.js';
import { applyProxySetting, setProxyAuthenticator } from './electronProxy.js';
import { trustPrivateCas } from './privateCaTrust.js';

export type NetworkSession = Pick<
  Session,
  'setProxy' | 'closeAllConnections' | 'clearAuthCache' | 'setCertificateVerifyProc'
>;

export interface ElectronNetwork {
  control: NetworkControl;
  /** The administrator's and the user's extra CAs (PEM), as the verify proc reads them. */
  trustedCas(): readonly string[];
}

export function createElectronNetwork(
  session: NetworkSession,
  managedCas: () => readonly string[],
): ElectronNetwork {
  let userCas: readonly string[] = [];
  const trustedCas = () => [...managedCas(), ...userCas];
  trustPrivateCas(session, trustedCas);
  return {
    trustedCas,
    control: {
      applyProxy: (setting) => applyProxySetting(session as Session, setting),
      async setUserCas(pems) {
        userCas = [...pems];
        // Installing the proc again drops Chromium's cached verdicts for the old list.
        trustPrivateCas(session, trustedCas);
        await session.closeAllConnections();
      },
      async forgetProxyCredentials() {
        // Chromium keeps answered proxy credentials in its HTTP auth cache.
        await session.clearAuthCache();
        await session.closeAllConnections();
      },
      setProxyAuthenticator,
    },
  };
}
