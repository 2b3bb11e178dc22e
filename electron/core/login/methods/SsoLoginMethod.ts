import { abortableFetch } from '../../net/abortableFetch.js';
import { loginWithToken } from '../loginRequests.js';
import { listenForSsoCallback } from '../SsoLoopbackListener.js';
import { ssoLoginUrl } from '../ssoLoginUrl.js';
import { completeLegacyLogin } from './completeLegacyLogin.js';
import type { NewSession, SignInContext, SignInMethod } from './SignInMethod.js';

/** How long the app waits for the browser to come back from single sign-on. */
export const SSO_TIMEOUT_MS = 5 * 60_000;

/**
 * Single sign-on in the system browser: the homeserver's SSO redirect comes back to a loopback
 * listener with a login token, which `m.login.token` turns into a session.
 */
export class SsoLoginMethod implements SignInMethod {
  /** `providerId` null: the server's generic SSO. */
  constructor(private readonly providerId: string | null) {}

  async signIn(context: SignInContext): Promise<NewSession> {
    const { platform, target, signal } = context;
    const callback = await listenForSsoCallback(SSO_TIMEOUT_MS);
    // Everything after the listener starts ends it: a refused provider or a browser that cannot
    // be opened must not leave it waiting for five minutes.
    const stop = () => callback.cancel();
    signal.addEventListener('abort', stop);
    try {
      signal.throwIfAborted();
      const url = ssoLoginUrl({
        serverUrl: target.serverUrl,
        fetch: platform.fetch,
        redirectUrl: callback.redirectUrl,
        providerId: this.providerId,
        flows: target.flows,
      });
      context.progress('waitingForBrowser');
      await platform.openExternal(url);
      const token = await callback.token;
      context.progress('signingIn');
      const fetch = abortableFetch(platform.fetch, signal);
      const answer = await loginWithToken(
        { fetch, serverUrl: target.serverUrl, deviceId: target.deviceId },
        token,
      );
      return await completeLegacyLogin(context, answer);
    } catch (error) {
      stop();
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }
}
