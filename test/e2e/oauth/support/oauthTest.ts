/**
 * The OAuth tests' fixture: the sign-in fixture (bridged app + world of test servers, over https)
 * plus a homeserver that delegates sign-in to a real authorization server (oidc-provider, the
 * fixture CA) with alice as its user, the URLs the app opens collected for the test (`opener`),
 * and the user's browser (`user`), a second Playwright page that fills the authorization server's
 * own forms.
 *
 *   test('…', async ({ appHandle: { page }, oauth, opener, user }) => { … });
 */
import {
  startHomeserver,
  startOAuthServer,
  type Homeserver,
  type HomeserverOAuthOptions,
  type OAuthServer,
} from '../../../fixtures/index.js';
import { test as base } from '../../support/loginTest.js';
import {
  createExternalOpener,
  openUserBrowser,
  type ExternalOpener,
  type UserBrowser,
} from './userBrowser.js';

export interface OAuthPair {
  /** The authorization server. */
  as: OAuthServer;
  /** The homeserver that delegates to it. */
  hs: Homeserver;
  /** How the sign-in screen names the authorization server ("Continue with <this>"). */
  issuerHost: string;
}

export const ALICE = { localpart: 'alice', password: 'alice-password' };

export const test = base.extend<{
  /** How the homeserver delegates (oauthOnly by default, with account management). */
  oauthMode: Omit<HomeserverOAuthOptions, 'server'>;
  oauth: OAuthPair;
  opener: ExternalOpener;
  user: UserBrowser;
}>({
  worldOptions: { tls: true },
  oauthMode: [{}, { option: true }],
  oauth: async ({ oauthMode }, use) => {
    const as = await startOAuthServer({ tls: true, deviceCodeIntervalS: 1 });
    const hs = await startHomeserver({
      tls: true,
      label: 'oauthHs',
      users: [ALICE],
      oauth: { server: as, ...oauthMode },
    });
    await use({ as, hs, issuerHost: new URL(as.issuer).host });
    await hs.close();
    await as.close();
  },
  // eslint-disable-next-line no-empty-pattern
  opener: async ({}, use) => {
    await use(createExternalOpener());
  },
  user: async ({ browser }, use) => {
    const user = await openUserBrowser(browser);
    await use(user);
    await user.close();
  },
  appOptions: async ({ world, opener, appLog }, use) => {
    await use({
      extraCaPem: world.caPem,
      hosts: world.hosts,
      openExternal: (url) => opener.open(url),
      log: appLog,
    });
  },
});

export {
  chooseServer,
  directSummary,
  eventually,
  expect,
  homeUi,
  QUICK,
  signInUi,
} from '../../support/loginTest.js';
export { expectReturnedToApp } from './userBrowser.js';
