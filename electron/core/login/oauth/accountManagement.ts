/**
 * Account management links (MSC4191, spec v1.18 "Account management"): an OAuth server may
 * publish `account_management_uri` and the `account_management_actions_supported` it accepts as
 * the `action` query parameter. Settings offers a link per action the server supports; main
 * builds the URL here from the stored session record and hands it to the browser.
 *
 * The spec's actions for what Settings offers: `org.matrix.profile` (name, avatar, contact
 * details, and where servers such as MAS let people change their password) and
 * `org.matrix.devices_list` (the sessions). Servers built on the MSC before it was merged
 * advertise `org.matrix.sessions_list` instead; whichever name the server lists is the one sent.
 *
 * "Change password" (issue 10 asks for it): the spec (v1.18) defines no change-password action,
 * and servers such as MAS put the password on the profile page. So the link is offered only where
 * the server lists `org.matrix.profile`, opens that same page, and says so in its wording ("Change
 * password on your account page at <host>"), never promising a page the server did not publish.
 */
import { hostOf } from '../../net/hostOf.js';
import { checkBrowserLink } from '../../net/urlPolicy.js';
import { UserFacingError } from '../../UserFacingError.js';

/** What the UI may ask to open. */
export type AccountAction = 'profile' | 'sessions' | 'password';

/** As stored in the session record (`SessionRecord.auth.accountManagement`). */
export interface AccountManagement {
  uri: string;
  actions: string[];
}

/** The `action` values for each link, the spec's name first. */
const ACTION_NAMES: Record<AccountAction, readonly string[]> = {
  profile: ['org.matrix.profile'],
  sessions: ['org.matrix.devices_list', 'org.matrix.sessions_list'],
  // No action of its own in the spec: the profile page, where the password lives (see above).
  password: ['org.matrix.profile'],
};

const ACTIONS = Object.keys(ACTION_NAMES) as AccountAction[];

/** The `action` parameter the server accepts for this link, or null when it lists none. */
function actionParameter(management: AccountManagement, action: AccountAction): string | null {
  return ACTION_NAMES[action].find((name) => management.actions.includes(name)) ?? null;
}

/** The links to offer, in Settings' order; none without an account management URL. */
export function offeredAccountActions(management: AccountManagement | null): AccountAction[] {
  if (!management) return [];
  return ACTIONS.filter((action) => actionParameter(management, action) !== null);
}

/**
 * What the window is told a session offers (SessionState's `accountManagement`): the links, and
 * the host of the account pages, which the links' wording names.
 */
export function accountLinks(
  management: AccountManagement | null,
): { actions: AccountAction[]; host: string } | null {
  const actions = offeredAccountActions(management);
  return management && actions.length > 0 ? { actions, host: hostOf(management.uri) } : null;
}

/**
 * The URL to open for `action`. Refuses, naming the server, when the session has no account
 * management URL, the server does not support the action, or the stored URL breaks the URL
 * policy (https, http only to loopback, no credentials): it came from a server, and a settings
 * file can be edited.
 */
export function accountManagementUrl(
  management: AccountManagement | null,
  action: AccountAction,
  server: string,
): string {
  if (!management) {
    throw new UserFacingError(
      'NO_ACCOUNT_MANAGEMENT',
      `${server} does not offer account management in the browser for this session.`,
    );
  }
  const parameter = actionParameter(management, action);
  if (parameter === null) {
    throw new UserFacingError(
      'ACCOUNT_ACTION_UNSUPPORTED',
      `${server}'s account pages do not offer this (${action}).`,
    );
  }
  const verdict = checkBrowserLink(management.uri);
  if (!verdict.ok) throw refusedUrl(server, verdict.reason);
  const url = new URL(verdict.url);
  if (url.hash) throw refusedUrl(server, 'it contains a fragment');
  // The server's own query parameters stay; ours is added (or replaces a stale one).
  url.searchParams.set('action', parameter);
  return url.toString();
}

function refusedUrl(server: string, reason: string): UserFacingError {
  return new UserFacingError(
    'ACCOUNT_URL_REFUSED',
    `The account management address ${server} published was not opened: ${reason}.`,
  );
}
