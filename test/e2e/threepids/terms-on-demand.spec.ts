/**
 * Terms on demand for lookups (issue 11, item 3): the identity server publishes new terms while
 * the app runs; "Look up" gets M_TERMS_NOT_SIGNED, the terms review appears, and once accepted
 * the lookup is retried once and answers. Declining leaves the terms unaccepted and retries
 * nothing. What the server received is read from its request log.
 */
import type { IdentityServer } from '../../fixtures/index.js';
import {
  acceptActiveTerms,
  expect,
  identityUi,
  openIdentitySettings,
  QUICK,
  requireIs,
  signInAtPortal,
  test,
} from '../identity/identityTest.js';

test.describe.configure({ timeout: 45_000 });

function publishNewTerms(is: IdentityServer): void {
  is.setTerms({
    privacy_policy: {
      version: '2.0',
      en: { name: 'Privacy Policy', url: `${is.baseUrl}/_terms/privacy-2.0-en.html` },
    },
  });
}

test('a lookup that meets new terms shows the review, then answers once accepted', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  const ui = identityUi(page);
  const review = page.getByTestId('terms-on-demand');
  publishNewTerms(is);
  is.resetRequests();

  await ui.email.fill(world.user('bob').email!);
  await ui.lookUp.click();
  await expect(review).toBeVisible(QUICK);
  await review.getByRole('checkbox', { name: 'Accept Privacy Policy' }).check();
  await review.getByRole('button', { name: 'Accept terms' }).click();
  await expect(ui.lookupResult).toContainText(world.user('bob').userId, QUICK);
  await expect(review).toBeHidden();
  // Refused once for the terms; after acceptance only answered requests (the lookup's retry,
  // and the addresses section reading the list again now that the terms are accepted).
  const statuses = is.requests({ path: '/_matrix/identity/v2/hash_details' }).map((r) => r.status);
  expect(statuses[0]).toBe(403);
  expect(statuses.slice(1).length).toBeGreaterThanOrEqual(1);
  expect(statuses.slice(1).every((status) => status === 200)).toBe(true);
});

test('declining the new terms retries nothing', async ({ appHandle: { page }, world }) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  const ui = identityUi(page);
  const review = page.getByTestId('terms-on-demand');
  publishNewTerms(is);
  is.resetRequests();

  await ui.email.fill(world.user('bob').email!);
  await ui.lookUp.click();
  await expect(review.getByTestId('terms-review')).toBeVisible(QUICK);
  await review.getByRole('button', { name: 'Cancel' }).click();
  await expect(review).toBeHidden(QUICK);
  await expect(ui.lookupError).toHaveAttribute('data-code', 'IDENTITY_TERMS_CHANGED');
  // Barrier: the answer is on screen; one refused request, nothing after it.
  expect(is.requests({ path: '/_matrix/identity/v2/hash_details' }).map((r) => r.status)).toEqual([
    403,
  ]);
  expect(
    is.requests({ path: '/_matrix/identity/v2/terms' }).filter((r) => r.method === 'POST'),
  ).toEqual([]);
});
