/**
 * Resolution (issue 6, "Must have" 2; DESIGN.md "Identity server resolution"), as the settings
 * screen tells it: the account's m.identity_server first (a URL, or null = disabled), an event
 * without a usable base_url counts as absent, then the login response's well_known, then the
 * discovery .well-known, then the app's default, else none. In no absent case does the app write
 * the event (MSC2230: "It should not update the account data in this situation").
 */
import type { Homeserver, IdentityServer } from '../../fixtures/index.js';
import {
  DISABLED_BY_ACCOUNT,
  expect,
  homeUi,
  IDENTITY_EVENT,
  identityEventReads,
  identityEventWrites,
  identityUi,
  openIdentitySettings,
  QUICK,
  requireIs,
  syncRoundTrip,
  signIn,
  signInAtPortal,
  summaryFor,
  test,
} from './identityTest.js';

test.describe.configure({ timeout: 30_000 });

/**
 * The app had every chance to write m.identity_server (the answer is in, and its sync loop has
 * gone round once more since) and did not: the homeserver saw no PUT and still holds `expected`.
 */
async function expectNeverWritten(
  hs: Homeserver,
  user: string,
  expected: Record<string, unknown> | undefined,
): Promise<void> {
  await syncRoundTrip(hs, user);
  expect(identityEventWrites(hs), 'PUT m.identity_server').toEqual([]);
  expect(hs.getAccountData(user, IDENTITY_EVENT)).toEqual(expected);
}

/** Nothing was asked of this identity server (the user has not used it). */
function expectUntouched(is: IdentityServer): void {
  expect(is.requests().map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

test.describe('the account names the server', () => {
  test('a URL in m.identity_server wins over the sign-in suggestion', async ({
    appHandle: { page },
    world,
    secondIs,
  }) => {
    world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: secondIs.baseUrl });
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);

    const ui = identityUi(page);
    await expect(ui.summary).toHaveText(summaryFor.account(secondIs.baseUrl), QUICK);
    // First use here: its terms are offered, and lookups wait for them.
    await expect(ui.termsNeeded).toContainText(secondIs.baseUrl);
    await expect(ui.lookupUnavailable).toHaveText(
      `Finding people needs ${secondIs.baseUrl}, whose terms you have not accepted yet`,
    );
    await expect(ui.disable).toBeVisible();

    await expectNeverWritten(world.hs1, 'alice', { base_url: secondIs.baseUrl });
    expectUntouched(requireIs(world));
    expectUntouched(secondIs);
  });

  test('null in m.identity_server: disabled, and lookups say why', async ({
    appHandle: { page },
    world,
  }) => {
    world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);

    const ui = identityUi(page);
    await expect(ui.summary).toHaveText(DISABLED_BY_ACCOUNT, QUICK);
    await expect(ui.lookupUnavailable).toHaveText(
      'Finding people needs an identity server, and yours is disabled for your account',
    );
    await expect(ui.lookUp).toBeDisabled();
    await expect(ui.email).toBeDisabled();
    await expect(ui.disable).toBeHidden();
    await expect(ui.termsNeeded).toBeHidden();

    // The portal suggests an identity server; the account's "none" overrides it.
    await expectNeverWritten(world.hs1, 'alice', { base_url: null });
    expectUntouched(requireIs(world));
  });

  const malformed: [string, Record<string, unknown>][] = [
    ['base_url is a number', { base_url: 42 }],
    ['base_url is an empty string', { base_url: '' }],
    ['base_url is a javascript: URL', { base_url: 'javascript:alert(1)' }],
    ['base_url is missing', { url: 'https://identity.example.org' }],
  ];
  for (const [what, content] of malformed) {
    test(`${what}: counts as absent, and is left as it is`, async ({
      appHandle: { page },
      world,
    }) => {
      const is = requireIs(world);
      world.hs1.setAccountData('alice', IDENTITY_EVENT, content);
      await signInAtPortal(page, world, 'alice');
      await openIdentitySettings(page);

      const ui = identityUi(page);
      await expect(ui.summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);
      await expect(ui.termsNeeded).toContainText(is.baseUrl);
      await expect(page.getByRole('alert')).toBeHidden();

      await expectNeverWritten(world.hs1, 'alice', content);
      expectUntouched(is);
    });
  }
});

test.describe('the account says nothing', () => {
  test("the portal's login well_known: suggested by your sign-in server", async ({
    appHandle,
    world,
  }) => {
    const { page } = appHandle;
    const is = requireIs(world);
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);
    await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);
    expect(identityEventReads(world.hs1).map((r) => r.status)).toEqual([404]);
    await expectNeverWritten(world.hs1, 'alice', undefined);

    // A restored session still knows where the suggestion came from, and still writes nothing.
    await appHandle.restartApp();
    await expect(homeUi(page).summary).toBeVisible(QUICK);
    await openIdentitySettings(page);
    await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);
    await expect(identityUi(page).banner, 'nothing changed while it was closed').toBeHidden();
    await expectNeverWritten(world.hs1, 'alice', undefined);
    expectUntouched(is);
  });

  test.describe('discovery .well-known only (TLS, homeserver without login well_known)', () => {
    test.use({ worldOptions: { tls: true, homeserver: { loginWellKnown: false } } });

    test("signing in by server name: your server's default", async ({
      appHandle: { page },
      world,
    }) => {
      const is = requireIs(world);
      await signIn(page, world.names.hs1, 'alice', world.user('alice').password);
      await openIdentitySettings(page);

      await expect(identityUi(page).summary).toHaveText(summaryFor.discovery(is.baseUrl), QUICK);
      expect(world.hs1.requestCount({ method: 'GET', path: '/.well-known/matrix/client' })).toBe(1);
      await expectNeverWritten(world.hs1, 'alice', undefined);
      expectUntouched(is);
    });

    // Not a requirement of issue 6, but worth pinning: a typed URL is used as typed (spec
    // discovery starts from a server name), so the homeserver's .well-known is never read and
    // its identity server is not a default for this login.
    test('signing in by URL skips .well-known, so there is no server default', async ({
      appHandle: { page },
      world,
    }) => {
      await signIn(page, world.hs1.baseUrl, 'alice', world.user('alice').password);
      await openIdentitySettings(page);

      await expect(identityUi(page).summary).toHaveText(summaryFor.none, QUICK);
      expect(world.hs1.requestCount({ path: '/.well-known/matrix/client' })).toBe(0);
      await expectNeverWritten(world.hs1, 'alice', undefined);
    });
  });

  test.describe('only the app default', () => {
    test.use({
      worldOptions: { advertiseIdentityServer: false },
      appDefaultIdentityServer: 'world',
    });

    test("this app's default", async ({ appHandle: { page }, world }) => {
      const is = requireIs(world);
      await signInAtPortal(page, world, 'alice');
      await openIdentitySettings(page);

      await expect(identityUi(page).summary).toHaveText(summaryFor.default(is.baseUrl), QUICK);
      await expectNeverWritten(world.hs1, 'alice', undefined);
      expectUntouched(is);
    });
  });

  test.describe('an unusable suggestion from the sign-in server', () => {
    test.use({ appDefaultIdentityServer: 'world' });

    for (const suggestion of ['javascript:alert(1)', 'http://example.com']) {
      test(`${suggestion} is ignored: next in line is this app's default`, async ({
        appHandle: { page },
        world,
      }) => {
        const is = requireIs(world);
        world.portal.setIdentityServerUrl(suggestion);
        await signInAtPortal(page, world, 'alice');
        await openIdentitySettings(page);

        await expect(identityUi(page).summary).toHaveText(summaryFor.default(is.baseUrl), QUICK);
        await expectNeverWritten(world.hs1, 'alice', undefined);
      });
    }
  });

  test.describe('no default anywhere', () => {
    test.use({ worldOptions: { advertiseIdentityServer: false } });

    test('none: lookups say why, and "the default" finds nothing to write', async ({
      appHandle: { page },
      world,
    }) => {
      await signInAtPortal(page, world, 'alice');
      await openIdentitySettings(page);

      const ui = identityUi(page);
      await expect(ui.summary).toHaveText(summaryFor.none, QUICK);
      await expect(ui.lookupUnavailable).toHaveText(
        'Finding people needs an identity server, and none is active',
      );
      await expect(ui.lookUp).toBeDisabled();
      await expect(ui.disable).toBeHidden();

      await ui.useDefault.click();
      await expect(ui.status).toHaveText(
        'There is no default identity server for your account.',
        QUICK,
      );
      await expect(ui.terms).toBeHidden();
      await expectNeverWritten(world.hs1, 'alice', undefined);
      expectUntouched(requireIs(world));
    });
  });
});
