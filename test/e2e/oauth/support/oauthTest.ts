/**
 * The OAuth tests' fixture: the sign-in fixture (bridged app + world of test servers, over https)
 * with the world's homeserver that delegates sign-in to a real authorization server (oidc-provider,
 * the fixture CA; the world's users, alice / alice-password …), the URLs the app opens collected for the test (`opener`),
 * and the user's browser (`user`), a second Playwright page that fills the authorization server's
 * own forms.
 *
 *   test('…', async ({ appHandle: { page }, oauth, opener, user }) => { … });
 */
import type { Homeserver, OAuthServer, WorldOptions } from '../../../fixtures/index.js';
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

/**
 * The world for OAuth tests: https, the world's OAuth pair, and device codes polled every second
 * (the server's `interval`), so a device grant test waits one second, not five.
 */
export function oauthWorld(oauth: Exclude<WorldOptions['oauth'], boolean | undefined> = {}) {
  return {
    tls: true,
    oauth: { ...oauth, server: { deviceCodeIntervalS: 1, ...oauth.server } },
  } satisfies WorldOptions;
}

export const test = base.extend<{
  oauth: OAuthPair;
  opener: ExternalOpener;
  user: UserBrowser;
}>({
  worldOptions: oauthWorld(),
  oauth: async ({ world }, use) => {
    const as = world.oauth!;
    await use({ as, hs: world.oauthHs!, issuerHost: new URL(as.issuer).host });
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
export { expectReturnedToApp, tryRefreshToken, type UserBrowser } from './userBrowser.js';
