/**
 * The app's screens as a user finds them (roles, names, test ids), and small waiting helpers,
 * shared by every e2e spec.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** For UI that updates as soon as an event arrives. */
export const QUICK = { timeout: 5_000 };

export function signInUi(page: Page) {
  return {
    homeserver: page.getByRole('textbox', { name: 'Homeserver' }),
    continue: page.getByRole('button', { name: 'Continue' }),
    discoverError: page.getByTestId('discover-error'),
    loginServer: page.getByTestId('login-server'),
    changeServer: page.getByRole('button', { name: 'Change server' }),
    identifier: page.getByRole('textbox', { name: 'User ID, email or phone' }),
    password: page.getByLabel('Password'),
    signIn: page.getByRole('button', { name: 'Sign in' }),
    sso: (name: string): Locator => page.getByRole('button', { name: `Continue with ${name}` }),
    progress: page.getByTestId('login-progress'),
    cancel: page.getByRole('button', { name: 'Cancel' }),
    loginError: page.getByTestId('login-error'),
    notice: page.getByTestId('session-notice'),
    /** "Continue with <authorization server host>" (OAuth 2.0 in the browser). */
    oauth: (issuerHost: string): Locator =>
      page.getByRole('button', { name: `Continue with ${issuerHost}` }),
    deviceGrant: page.getByRole('button', { name: 'Sign in on another device' }),
    noLoginFlows: page.getByTestId('no-login-flows'),
    softLogoutHeading: page.getByRole('heading', { level: 1, name: 'Sign in again' }),
    softLogoutSummary: page.getByTestId('soft-logout-summary'),
    signOut: page.getByRole('button', { name: 'Sign out' }),
  };
}

export function homeUi(page: Page) {
  return {
    homeNav: page.getByRole('button', { name: 'Home' }),
    settingsNav: page.getByRole('button', { name: 'Settings' }),
    summary: page.getByTestId('session-summary'),
    redirectWarning: page.getByTestId('redirect-warning'),
    deviceId: page.getByTestId('device-id'),
    signOut: page.getByRole('button', { name: 'Sign out' }),
  };
}

/** Types a server and waits for its sign-in methods. */
/**
 * How often `eventually` looks again. The checks read the in-process servers' logs (no browser
 * round trip), so looking often costs nothing, while expect.poll's default (100, 250, 500, then
 * every 1,000 ms) slept up to a second past the moment the condition held, on every call.
 */
export const POLL_INTERVALS = [10, 25, 50];

/** expect.poll on the servers' logs, for UI-quick conditions: QUICK's timeout, looking often. */
export const QUICK_POLL = { ...QUICK, intervals: POLL_INTERVALS };

/** Waits until a condition on the servers holds (request logs fill in asynchronously). */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeout = 5_000,
): Promise<void> {
  await expect.poll(check, { message: what, timeout, intervals: POLL_INTERVALS }).toBe(true);
}
