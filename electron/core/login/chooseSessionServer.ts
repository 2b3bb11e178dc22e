import type { UserError } from '../UserFacingError.js';
import { hostOf } from '../net/hostOf.js';
import type { Logger } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import type { LoginAnswer } from './loginRequests.js';
import { redirectOfferIn } from './redirectTarget.js';
import { tokenBelongsTo } from './tokenBelongsTo.js';
import { validateRedirectTarget } from './validateRedirectTarget.js';

/** Where a new session's requests go, and why the portal's target was refused (if it was). */
export interface SessionPlacement {
  homeserverUrl: string;
  redirectRejected: UserError | null;
}

/**
 * Decides where the session from a login answer lives: the redirect target when the answer
 * names one and it passes validateRedirectTarget; the login server when the answer names none.
 *
 * A refused target leaves two cases (DESIGN.md, "Login and redirect"): the login server may be a
 * homeserver itself, which it proves by answering /account/whoami for this user with the new
 * token; then the session stays there and the refusal is shown. Otherwise the session lives
 * nowhere the app may go, so this rejects with an error naming the portal and the refused
 * target, and the token is sent nowhere else.
 */
export async function chooseSessionServer(options: {
  fetch: typeof globalThis.fetch;
  answer: LoginAnswer;
  loginServerUrl: string;
  log: Logger;
  /** Called when there is a target to check (the UI says "checking the redirect"). */
  onCheckingRedirect: () => void;
}): Promise<SessionPlacement> {
  const { fetch, answer, loginServerUrl } = options;
  const offer = redirectOfferIn(answer.raw);
  if (!offer) return { homeserverUrl: loginServerUrl, redirectRejected: null };
  options.onCheckingRedirect();
  const verdict = await validateRedirectTarget(fetch, offer, loginServerUrl);
  if (verdict.ok) return { homeserverUrl: verdict.url, redirectRejected: null };

  options.log.warn('redirect target rejected', {
    portal: loginServerUrl,
    field: offer.field,
    reason: verdict.error.message,
  });
  const servedHere = await tokenBelongsTo({
    fetch,
    serverUrl: loginServerUrl,
    accessToken: answer.accessToken,
    userId: answer.userId,
  });
  if (servedHere) return { homeserverUrl: loginServerUrl, redirectRejected: verdict.error };
  const portal = hostOf(loginServerUrl);
  throw new UserFacingError(
    verdict.error.code,
    `${verdict.error.message} ${portal} does not serve ${answer.userId} itself either, so the sign-in was stopped. Ask the administrator of ${portal} to correct the address.`,
  );
}
