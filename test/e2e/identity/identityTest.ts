/**
 * The identity-server tests' fixture and helpers: the bridged app (../support/bridgedPage.ts)
 * with a world of test servers (portal, hs1, hs2, identity server) started for each test, a
 * second identity server started only for the tests that ask for it, and the app trusting the
 * world's CA.
 *
 *   test.use({ worldOptions: { advertiseIdentityServer: false }, appDefaultIdentityServer: 'world' });
 *   test('…', async ({ appHandle: { page }, world, secondIs }) => { … });
 *
 * The helpers read the screen by role and label, as a user would, and the servers through their
 * request logs and control APIs: what the servers observed, not what the app says it did.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type {
  AppApi,
  CommandName,
  CommandRequest,
  CommandResult,
} from '../../../electron/ipc/contract.js';
import {
  startIdentityServer,
  startWorld,
  type Homeserver,
  type IdentityServer,
  type IdentityServerOptions,
  type RequestLogEntry,
  type World,
  type WorldOptions,
} from '../../fixtures/index.js';
import { test as base } from '../support/bridgedPage.js';
import { eventually, homeUi, QUICK, QUICK_POLL, signInUi } from '../support/screens.js';

export const test = base.extend<{
  worldOptions: WorldOptions;
  /** The app's configured default IS: none, or the world's identity server. */
  appDefaultIdentityServer: 'none' | 'world';
  secondIsOptions: IdentityServerOptions;
  world: World;
  /** Another identity server that knows hs1 and hs2 (started only when a test uses it). */
  secondIs: IdentityServer;
}>({
  worldOptions: [{}, { option: true }],
  appDefaultIdentityServer: ['none', { option: true }],
  secondIsOptions: [{}, { option: true }],
  world: async ({ worldOptions }, use) => {
    const world = await startWorld(worldOptions);
    await use(world);
    await world.close();
  },
  secondIs: async ({ world, worldOptions, secondIsOptions }, use) => {
    const is = await startIdentityServer({
      label: 'identity 2',
      tls: worldOptions.tls,
      homeservers: {
        [world.hs1.serverName]: world.hs1.baseUrl,
        [world.hs2.serverName]: world.hs2.baseUrl,
      },
      ...secondIsOptions,
    });
    await use(is);
    await is.close();
  },
  appOptions: async ({ world, appDefaultIdentityServer }, use) => {
    await use({
      extraCaPem: world.caPem,
      hosts: world.hosts,
      defaultIdentityServer: appDefaultIdentityServer === 'world' ? requireIs(world).baseUrl : null,
    });
  },
});

export { expect };

/** How long a UI that reacts to a local server may take (they answer in milliseconds). */

export const IDENTITY_EVENT = 'm.identity_server';
export const ACCEPTED_TERMS_EVENT = 'm.accepted_terms';
/** Request-log / fault rule for the direct read and write of m.identity_server (any user). */
export const IDENTITY_EVENT_PATH = 'account_data/m.identity_server';

/** The fixture IS's default policies, by their display names. */
export const DEFAULT_POLICY_NAMES = ['Privacy Policy', 'Terms of Service'];

export function requireIs(world: World): IdentityServer {
  if (!world.identityServer) throw new Error('This world has no identity server');
  return world.identityServer;
}

// ---- The screen ------------------------------------------------------------------------------

export function identityUi(page: Page) {
  const section = page.getByRole('region', { name: 'Identity server' });
  const terms = page.getByTestId('terms-review');
  const banner = page.getByTestId('identity-changed-banner');
  const termsNeeded = page.getByTestId('identity-terms-needed');
  const dialog = page.getByTestId('disable-dialog');
  return {
    section,
    summary: page.getByTestId('identity-summary'),
    status: page.getByTestId('identity-status'),
    error: page.getByTestId('identity-error'),
    termsNeeded,
    termsNeededReview: termsNeeded.getByRole('button', { name: 'Review terms' }),
    banner,
    bannerReview: banner.getByRole('button', { name: 'Review terms' }),
    bannerDismiss: banner.getByRole('button', { name: 'Dismiss' }),
    server: page.getByRole('textbox', { name: 'Identity server' }),
    check: page.getByRole('button', { name: 'Check' }),
    useDefault: page.getByRole('button', { name: "Use the server's default" }),
    disable: page.getByRole('button', { name: 'Disable identity server' }),
    terms,
    acceptPolicy: (name: string) => terms.getByRole('checkbox', { name: `Accept ${name}` }),
    policyLink: (name: string) => terms.getByRole('link', { name, exact: true }),
    noTermsWarning: terms.getByTestId('no-terms-warning'),
    understand: terms.getByRole('checkbox', { name: 'I understand' }),
    useThisServer: terms.getByRole('button', { name: 'Use this server' }),
    acceptTerms: terms.getByRole('button', { name: 'Accept terms' }),
    cancelTerms: terms.getByRole('button', { name: 'Cancel' }),
    dialog,
    sharedThreepids: dialog.getByTestId('shared-threepids'),
    confirmDisable: dialog.getByRole('button', { name: 'Disable', exact: true }),
    cancelDisable: dialog.getByRole('button', { name: 'Cancel' }),
    lookupBy: page.getByRole('combobox', { name: 'Look up by' }),
    email: page.getByRole('textbox', { name: 'Email address' }),
    phone: page.getByRole('textbox', { name: 'Phone number' }),
    lookUp: page.getByRole('button', { name: 'Look up' }),
    lookupUnavailable: page.getByTestId('lookup-unavailable'),
    lookupResult: page.getByTestId('lookup-result'),
    lookupError: page.getByTestId('lookup-error'),
  };
}

/** The summary line for an active server, as the settings screen words it. */
export const summaryFor = {
  account: (url: string) => `Identity server: ${url} (set on your account)`,
  login: (url: string) => `Identity server: ${url} (suggested by your sign-in server)`,
  discovery: (url: string) => `Identity server: ${url} (your server's default)`,
  default: (url: string) => `Identity server: ${url} (this app's default)`,
  none: 'Identity server: none',
  pending: 'Identity server: checking your account…',
};
export const DISABLED_BY_ACCOUNT =
  'Identity server disabled for your account; finding people by email or phone is off';

/** Types the server, continues, signs in with a password and waits for the home screen. */
export async function signIn(
  page: Page,
  server: string,
  identifier: string,
  password: string,
): Promise<void> {
  const ui = signInUi(page);
  await ui.homeserver.fill(server);
  await ui.continue.click();
  await ui.identifier.fill(identifier);
  await ui.password.fill(password);
  await ui.signIn.click();
  await expect(homeUi(page).summary).toBeVisible(QUICK);
}

/** Signs a world user in through the portal (routed login, the portal's well_known IS). */
export async function signInAtPortal(page: Page, world: World, username: string): Promise<void> {
  await signIn(page, world.portal.baseUrl, username, world.user(username).password);
}

export async function openIdentitySettings(page: Page): Promise<void> {
  await homeUi(page).settingsNav.click();
  await expect(identityUi(page).section).toBeVisible(QUICK);
}

/** Ticks every policy the terms panel lists by name, then presses its confirm button. */
export async function acceptEveryPolicy(
  page: Page,
  names: string[] = DEFAULT_POLICY_NAMES,
): Promise<void> {
  const ui = identityUi(page);
  await expect(ui.terms).toBeVisible(QUICK);
  for (const name of names) await ui.acceptPolicy(name).check();
}

/** Review and accept the active server's terms from the "terms needed" notice. */
export async function acceptActiveTerms(page: Page, url: string): Promise<void> {
  const ui = identityUi(page);
  await ui.termsNeededReview.click();
  await acceptEveryPolicy(page);
  await ui.acceptTerms.click();
  await expect(ui.status).toHaveText(`Accepted the terms of ${url}.`, QUICK);
  await expect(ui.terms).toBeHidden();
}

/** Switch with the change form: type, Check, tick every policy, Use this server. */
export async function changeServerTo(page: Page, url: string, typed = url): Promise<void> {
  const ui = identityUi(page);
  await ui.server.fill(typed);
  await ui.check.click();
  await acceptEveryPolicy(page);
  await ui.useThisServer.click();
  await expect(ui.status).toHaveText(`Now using ${url}.`, QUICK);
}

export async function lookUpEmail(page: Page, address: string): Promise<void> {
  const ui = identityUi(page);
  await ui.lookupBy.selectOption('email');
  await ui.email.fill(address);
  await ui.lookUp.click();
}

/**
 * Sends a command through the page's API exactly as the renderer's buttons do. Used where the
 * UI (rightly) disables the button, to prove that main enforces the rule and not only the UI.
 */
export function invokeFromPage<N extends CommandName>(
  page: Page,
  name: N,
  request: CommandRequest<N>,
): Promise<CommandResult<N>> {
  return page.evaluate(
    ([n, r]) =>
      (window as unknown as { matrixApp: AppApi }).matrixApp.invoke(
        n as N,
        r as CommandRequest<N>,
      ) as Promise<CommandResult<N>>,
    [name, request] as const,
  );
}

// ---- The servers -----------------------------------------------------------------------------

/**
 * Main refuses an email lookup whatever the renderer asks (terms not accepted in this app), and
 * `unheard`, when given, receives no lookup request.
 */
export async function expectLookupRefused(
  page: Page,
  address: string,
  unheard?: IdentityServer,
): Promise<void> {
  const refused = await invokeFromPage(page, 'lookupContact', { medium: 'email', address });
  expect(refused).toMatchObject({ ok: false, error: { code: 'IDENTITY_TERMS_NOT_ACCEPTED' } });
  if (unheard) expect(lookupRequests(unheard)).toEqual([]);
}

/** The homeserver's direct GETs of m.identity_server (any user), oldest first. */
export function identityEventReads(hs: Homeserver): RequestLogEntry[] {
  return hs.requests({ method: 'GET', path: IDENTITY_EVENT_PATH });
}

/** The homeserver's PUTs of m.identity_server: the app's writes. */
export function identityEventWrites(hs: Homeserver): RequestLogEntry[] {
  return hs.requests({ method: 'PUT', path: IDENTITY_EVENT_PATH });
}

/** "METHOD path" of every request an identity server received. */
export function pathsSeenBy(server: { requests(): RequestLogEntry[] }): string[] {
  return server.requests().map((r) => `${r.method} ${r.path}`);
}

export const IS_LOGOUT = { method: 'POST', path: '/_matrix/identity/v2/account/logout' };
export const IS_LOOKUP_PATHS = ['/_matrix/identity/v2/lookup', '/_matrix/identity/v2/hash_details'];

/** Requests that carry (hashed) addresses or prepare to: what must wait for accepted terms. */
export function lookupRequests(is: IdentityServer): RequestLogEntry[] {
  return is.requests().filter((r) => IS_LOOKUP_PATHS.includes(r.path));
}

/** The session is running: its sync long-polls the homeserver. */
export async function sessionIsSyncing(hs: Homeserver, user: string): Promise<void> {
  await eventually(`the app long-polls ${hs.baseUrl}`, () => hs.pendingSyncs(user) > 0);
}

/**
 * The barrier for proofs that something did NOT happen: the app has handled every /sync answer
 * the homeserver had for `user` when this was called, and everything that handling set off has
 * been started. A marker event (as another device would write it) ends the pending long-poll;
 * the app's sync loop is sequential, so its next /sync arrives only after it has handled that
 * answer and every answer before it (identity events emitted, any write requested).
 */
export async function syncRoundTrip(hs: Homeserver, user: string): Promise<void> {
  await sessionIsSyncing(hs, user);
  const before = hs.requestCount({ path: '/sync' });
  hs.setAccountData(user, 'org.example.test.barrier', { after: before });
  await eventually(
    `the app syncs ${hs.baseUrl} again after the marker`,
    () => hs.requestCount({ path: '/sync' }) > before && hs.pendingSyncs(user) > 0,
  );
}

/** The policy URLs the fixture IS serves (every language), as the app must accept them. */
export function policyUrlsOf(is: IdentityServer): string[] {
  return Object.values(is.terms()).flatMap((policy) =>
    Object.entries(policy)
      .filter(([key, value]) => key !== 'version' && typeof value === 'object')
      .map(([, value]) => (value as { url: string }).url),
  );
}

// ---- The app's data directory ----------------------------------------------------------------

/** What a fixture IS token looks like (`ist_` + random). */
export const IS_TOKEN_PATTERN = /\bist_[A-Za-z0-9_-]{16,}/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Files of the data directory in which `pattern` occurs. */
export function filesContaining(dataDir: string, pattern: RegExp): string[] {
  return filesUnder(dataDir).filter((file) => pattern.test(readFileSync(file).toString('latin1')));
}

/** The settings the Node platform stores (flat keys, as electron-store's file). */
export function readSettings(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

export { eventually, homeUi, QUICK, QUICK_POLL, signInUi };
