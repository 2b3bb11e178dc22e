/** What the sign-in screen and the session's UI show: the session as the core sees it. */
import type { LoginFlows } from '../login/discovery.js';
import type { DeviceGrantPrompt } from '../login/methods/DeviceGrantLoginMethod.js';
import type { AccountAction } from '../login/oauth/accountManagement.js';
import type { UserError } from '../UserFacingError.js';

export type BusyStep =
  | 'restoring'
  | 'discovering'
  | 'signingIn'
  | 'waitingForBrowser'
  | 'checkingRedirect'
  | 'waitingForDevice'
  | 'signingOut';

export type SessionState =
  | { status: 'signedOut'; notice: UserError | null }
  | {
      status: 'busy';
      step: BusyStep;
      server: string | null;
      /** Set in the `waitingForDevice` step only. */
      deviceGrant?: DeviceGrantPrompt | null;
    }
  | {
      status: 'signedIn';
      userId: string;
      deviceId: string;
      /** Where this session's client-server requests go (the redirect target when routed). */
      homeserverUrl: string;
      /** The URL signed in at (discovery result or portal). Equal to homeserverUrl when not routed. */
      loginServerUrl: string;
      /** Why a redirect offered at sign-in was not followed, or null. */
      redirectRejected: UserError | null;
      /** The OAuth server's account pages this session may open; null without any. */
      accountManagement: { actions: AccountAction[]; host: string } | null;
    }
  | {
      /** The server ended the access token but kept the device: sign in again to resume. */
      status: 'softLoggedOut';
      userId: string;
      homeserverUrl: string;
      flows: LoginFlows | null;
      /** Set when the session came from OAuth 2.0: sign in again there ("Continue with …"). */
      oauthIssuer: string | null;
      notice: UserError;
    };
