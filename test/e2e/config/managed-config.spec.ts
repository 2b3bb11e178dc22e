/**
 * The administrator's managed configuration applied in the app (issue 12, Must have 1): real
 * config files in a temporary system/user folder pair, read by loadManagedConfig as main does,
 * and the bridged app started with the result. A locked server hides the server field and signs
 * in there; an identity server not in the allowed list is refused in Settings (and never
 * contacted); a wrong key is named on screen with its file, key and problem. axe on each screen.
 */
import { expectAccessible } from '../support/axe.js';
import { homeUi, signInUi } from '../support/screens.js';
import { makeConfigDirs } from '../../unit/config/configFiles.js';
import {
  expect,
  identityUi,
  openIdentitySettings,
  QUICK,
  requireIs,
  signInAtPortal,
  test as base,
} from '../identity/identityTest.js';

/** Config file contents; the strings "{portal}" and "{is}" stand for the world's servers. */
interface ManagedFiles {
  system?: unknown;
  user?: unknown;
}

const test = base.extend<{ managedFiles: ManagedFiles }>({
  managedFiles: [{}, { option: true }],
  appOptions: async ({ world, managedFiles }, use) => {
    const dirs = makeConfigDirs();
    const fill = (content: unknown) =>
      JSON.parse(
        JSON.stringify(content)
          .replaceAll('{portal}', world.portal.baseUrl)
          .replaceAll('{is}', requireIs(world).baseUrl),
      ) as unknown;
    if (managedFiles.system !== undefined) dirs.write(dirs.systemFile, fill(managedFiles.system));
    if (managedFiles.user !== undefined) dirs.write(dirs.userFile, fill(managedFiles.user));
    await use({ extraCaPem: world.caPem, hosts: world.hosts, managedConfig: dirs.load() });
    dirs.remove();
  },
});

test.describe.configure({ timeout: 30_000 });

test.describe('a locked server', () => {
  test.use({
    managedFiles: {
      system: {
        default_server_config: { 'm.homeserver': { base_url: '{portal}' } },
        disable_custom_urls: true,
      },
    },
  });

  test('hides the server field and signs in to that server', async ({
    appHandle: { page },
    world,
  }) => {
    const ui = signInUi(page);
    await expect(ui.loginServer).toHaveText(world.portal.baseUrl, QUICK);
    await expect(page.getByTestId('server-locked')).toHaveText('Set by your administrator');
    // Straight to the portal's sign-in methods: no field to type another server, no way back.
    await expect(ui.identifier).toBeVisible(QUICK);
    await expect(ui.homeserver).toHaveCount(0);
    await expect(ui.changeServer).toHaveCount(0);
    await expectAccessible(page, 'locked server sign-in');

    const alice = world.user('alice');
    await ui.identifier.fill('alice');
    await ui.password.fill(alice.password);
    await ui.signIn.click();
    await expect(homeUi(page).summary).toContainText(`Signed in as ${alice.userId}`, QUICK);
  });

  test('no server field is ever in the page, not even before the app has run', async ({
    appHandle: { page },
    world,
  }) => {
    // Every element the page ever had, from the first byte parsed (main serves the page with
    // the sign-in form drawn in only for an unmanaged signed-out state: firstPage.ts).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seenLabels: string[] }).seenLabels = seen;
      new MutationObserver(() => {
        for (const label of document.querySelectorAll('label')) seen.push(label.textContent ?? '');
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.reload();
    await expect(signInUi(page).loginServer).toHaveText(world.portal.baseUrl, QUICK);
    await expect(signInUi(page).identifier).toBeVisible(QUICK);
    const seen = await page.evaluate(
      () => (window as unknown as { seenLabels: string[] }).seenLabels,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((label) => label.includes('Homeserver'))).toEqual([]);
  });
});

test.describe('login_methods', () => {
  test.use({ managedFiles: { system: { login_methods: ['sso'] } } });

  test('a sign-in method the administrator does not allow is not offered', async ({
    appHandle: { page },
    world,
  }) => {
    const ui = signInUi(page);
    await ui.homeserver.fill(world.portal.baseUrl);
    await ui.continue.click();
    await expect(ui.loginServer).toBeVisible(QUICK);
    // The portal offers a password; the administrator allows only SSO.
    await expect(ui.password).toHaveCount(0);
    await expect(ui.identifier).toHaveCount(0);
  });
});

test.describe('allowed identity servers', () => {
  test.use({ managedFiles: { system: { allowed_identity_servers: ['{is}'] } } });

  test('a server not in the list is refused in settings and never contacted', async ({
    appHandle: { page },
    world,
    secondIs,
  }) => {
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);
    const ui = identityUi(page);
    await expect(page.getByTestId('identity-allowed')).toHaveText(
      `Your administrator allows only ${requireIs(world).baseUrl}.`,
    );
    await ui.server.fill(secondIs.baseUrl);
    await ui.check.click();
    await expect(ui.error).toContainText(
      `${secondIs.baseUrl} cannot be used: your administrator allows only these identity servers: ${requireIs(world).baseUrl}.`,
      QUICK,
    );
    await expectAccessible(page, 'identity server refused by the administrator');
    expect(secondIs.requests()).toEqual([]);
  });
});

test.describe('an invalid config file', () => {
  test.use({
    managedFiles: { system: { disable_custom_urls: 'yes' }, user: '{ not json' },
  });

  test('is named with its path, key and problem on sign-in and in Settings', async ({
    appHandle: { app, page },
    world,
  }) => {
    const problems = page.getByTestId('config-problem');
    await expect(problems.first()).toBeVisible(QUICK);
    const expected = (await app.core.handlers.managedSettings({})).problems;
    expect(expected.length).toBeGreaterThan(0);
    await expect(problems).toHaveCount(expected.length);
    const systemProblem = expected.find((p) => p.key === 'disable_custom_urls');
    expect(systemProblem).toBeDefined();
    await expect(page.getByTestId('config-problems')).toContainText(
      `${systemProblem!.path}, key disable_custom_urls: ${systemProblem!.message}`,
    );
    await expect(
      page.getByRole('list', { name: /Problems in the configuration files/ }),
    ).toBeVisible();
    await expectAccessible(page, 'config problems on sign-in');
    // The valid rest applies: the server field is there as usual.
    await expect(signInUi(page).homeserver).toBeVisible();

    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);
    await expect(problems).toHaveCount(expected.length);
    await expectAccessible(page, 'config problems in settings');
  });
});
