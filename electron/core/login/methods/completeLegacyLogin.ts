import { abandonOnAbort } from '../../net/abandonable.js';
import { checkBaseUrl } from '../../net/urlPolicy.js';
import type { SessionRecord, SessionSecrets } from '../../session/SessionVault.js';
import { chooseSessionServer, type SessionPlacement } from '../chooseSessionServer.js';
import type { LoginAnswer } from '../loginRequests.js';
import { logoutUnusedLogin } from '../logoutUnusedLogin.js';
import { identityServerOfferIn } from '../redirectTarget.js';
import { requireExpectedUser, type NewSession, type SignInContext } from './SignInMethod.js';

/**
 * The end of a legacy (`POST /login`) sign-in, password or SSO alike: where the new session
 * lives (the portal's redirect, checked: chooseSessionServer), whose it is, and what to store.
 * A session this sign-in ends up not using is logged out where it lives (discard).
 */
export async function completeLegacyLogin(
  context: SignInContext,
  answer: LoginAnswer,
): Promise<NewSession> {
  const { platform, target, signal } = context;
  const loginServerUrl = target.serverUrl;
  // Not tied to the cancel signal: if the user gives up, the placement still says where the
  // new token lives, so that it can be logged out there (discard).
  const placement = chooseSessionServer({
    fetch: platform.fetch,
    answer,
    loginServerUrl,
    log: platform.log,
    onCheckingRedirect: () => context.progress('checkingRedirect'),
  });
  const discard = () => discardUnused(context, answer, placement);
  try {
    requireExpectedUser(target, answer.userId);
    const { homeserverUrl, redirectRejected } = await abandonOnAbort(placement, signal);
    const loginIs = checkBaseUrl(identityServerOfferIn(answer.raw));
    const record: SessionRecord = {
      userId: answer.userId,
      deviceId: answer.deviceId,
      homeserverUrl,
      loginServerUrl,
      redirectRejected,
      identityDefaults: {
        login: loginIs.ok ? loginIs.url : null,
        discovery: target.identityDefault,
      },
      loginFlows: target.flows,
      auth: { kind: 'legacy' },
    };
    const secrets: SessionSecrets = {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      expiresAt: answer.expiresInMs === null ? null : platform.clock.now() + answer.expiresInMs,
    };
    return { record, secrets, discard };
  } catch (error) {
    discard();
    throw error;
  }
}

/**
 * Log the unused session's new token out where it lives, in the background (the user is not
 * kept waiting). Only the new token: after a wrong-user answer the soft-logged-out record's
 * device is left alone. A placement that failed (a refused target the login server does not
 * serve) has nowhere safe to send it.
 */
function discardUnused(
  { platform }: SignInContext,
  answer: LoginAnswer,
  placement: Promise<SessionPlacement>,
): void {
  placement.then(
    ({ homeserverUrl }) =>
      logoutUnusedLogin({
        fetch: platform.fetch,
        homeserverUrl,
        accessToken: answer.accessToken,
        log: platform.log,
      }),
    () => undefined,
  );
}
