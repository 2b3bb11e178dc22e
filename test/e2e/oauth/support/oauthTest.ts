/**
 * The OAuth tests' fixture: the sign-in fixture (bridged app + world of test servers) with the
 * world's OAuth homeserver and its authorization server (a real oidc-provider), the URLs the app
 * opens collected for the test (`opener`), and the user's browser (`user`), a second Playwright
 * page that fills the authorization server's own forms.
 *
 *   test('…', async ({ appHandle: { page }, world, opener, user }) => { … });
 */
import { test as base } from '../../support/loginTest.js';
import { createExternalOpener, openUserBrowser, type ExternalOpener, type UserBrowser } from './userBrowser.js';

export const test = base.extend<{ opener: ExternalOpener; user: UserBrowser }>({
  worldOptions: [{ tls: true, oauth: true }, { option: true }],
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
