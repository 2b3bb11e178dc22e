/**
 * Settings → Email addresses and phone numbers, through the IdentityManager against the fixture
 * homeserver and identity server: sharing (the link in the mail, the texted code), stopping
 * (success and no-support said as given), adding with user-interactive auth (password, SSO),
 * removing, new terms mid-session, and nothing at all sent to a disabled identity server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE_EMAIL,
  ALICE_MSISDN,
  changeTo,
  IS_PREFIX,
  startHarness,
  type Harness,
} from './identityHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function usingIdentityServer(): Promise<Harness> {
  harness = await startHarness();
  await harness.manager.start();
  await harness.manager.whenKnown();
  await changeTo(harness.manager, harness.is.baseUrl);
  harness.is.resetRequests();
  harness.hs.resetRequests();
  return harness;
}

/** The user opens the link in the mail, in their browser (no app involved). */
async function followMailLink(link: string): Promise<void> {
  const response = await fetch(link);
  expect(response.status).toBe(200);
  await response.text();
}

function discoverability(listing: {
  threepids: { address: string; discoverable: boolean | null }[];
}) {
  return Object.fromEntries(listing.threepids.map((t) => [t.address, t.discoverable]));
}

describe('the account addresses and who can find the user by them', () => {
  it('lists the addresses and checks each on the active server with one hashed lookup', async () => {
    const h = await usingIdentityServer();
    h.is.addBinding('email', ALICE_EMAIL, h.userId);
    const listing = await h.manager.threepidList();
    expect(listing).toEqual({
      threepids: [
        { medium: 'email', address: ALICE_EMAIL, discoverable: true },
        { medium: 'msisdn', address: ALICE_MSISDN, discoverable: false },
      ],
      identityServer: h.is.baseUrl,
      notChecked: null,
      accountManagedElsewhere: false,
    });
    expect(h.is.requestCounts()).toEqual({
      [`GET ${IS_PREFIX}/hash_details`]: 1,
      [`POST ${IS_PREFIX}/lookup`]: 1,
    });
  });

  it('says an OAuth-delegated account is managed elsewhere', async () => {
    const h = await usingIdentityServer();
    h.hs.setLoginConfig({ oauthOnly: true });
    expect((await h.manager.threepidList()).accountManagedElsewhere).toBe(true);
  });
});

describe('sharing an address', () => {
  it('shares the email through the link in the mail, then stops sharing; lookups follow', async () => {
    const h = await usingIdentityServer();
    const started = await h.manager.threepidShareStart({ medium: 'email', address: ALICE_EMAIL });
    expect(started).toMatchObject({ medium: 'email', proof: 'link', sendAttempt: 1 });
    expect(started.handle).toMatch(/^[0-9a-f-]{36}$/);
    // Neither the secret nor the sid reaches the renderer.
    const mail = h.is.sentEmails(ALICE_EMAIL).at(-1)!;
    expect(JSON.stringify(started)).not.toContain(mail.clientSecret);

    // "I've confirmed" before opening the link: said so, and the validation stays.
    await expect(
      h.manager.threepidShareSubmit({ handle: started.handle, code: null }),
    ).rejects.toMatchObject({ code: 'THREEPID_NOT_CONFIRMED' });
    await followMailLink(mail.link);
    const shared = await h.manager.threepidShareSubmit({ handle: started.handle, code: null });
    expect(discoverability(shared)[ALICE_EMAIL]).toBe(true);
    await expect(
      h.manager.lookupContact({ medium: 'email', address: ALICE_EMAIL }),
    ).resolves.toEqual({ userId: h.userId });
    expect(h.hs.boundThreepids('alice')).toMatchObject([
      { medium: 'email', address: ALICE_EMAIL, idServer: h.is.serverName },
    ]);

    const stopped = await h.manager.threepidStopSharing({ medium: 'email', address: ALICE_EMAIL });
    expect(stopped.result).toBe('success');
    expect(discoverability(stopped.listing)[ALICE_EMAIL]).toBe(false);
    await expect(
      h.manager.lookupContact({ medium: 'email', address: ALICE_EMAIL }),
    ).resolves.toEqual({ userId: null });
  });

  it('shares the phone number through the texted code; a wrong code is refused', async () => {
    const h = await usingIdentityServer();
    const started = await h.manager.threepidShareStart({
      medium: 'msisdn',
      address: `+${ALICE_MSISDN}`,
    });
    expect(started).toMatchObject({ medium: 'msisdn', address: ALICE_MSISDN, proof: 'code' });
    const code = h.is.smsCode(ALICE_MSISDN)!;
    await expect(
      h.manager.threepidShareSubmit({
        handle: started.handle,
        code: code === '123456' ? '654321' : '123456',
      }),
    ).rejects.toMatchObject({ code: 'THREEPID_WRONG_CODE' });
    const shared = await h.manager.threepidShareSubmit({ handle: started.handle, code });
    expect(discoverability(shared)[ALICE_MSISDN]).toBe(true);
    await expect(
      h.manager.lookupContact({ medium: 'msisdn', address: `+${ALICE_MSISDN}` }),
    ).resolves.toEqual({ userId: h.userId });
  });

  it('raises send_attempt only on resend', async () => {
    const sent: unknown[] = [];
    harness = await startHarness({
      wrapFetch: (fetch) => async (input, init) => {
        if (String(input).endsWith('/validate/email/requestToken'))
          sent.push(JSON.parse(String(init?.body)));
        return fetch(input, init);
      },
    });
    const h = harness;
    await h.manager.start();
    await changeTo(h.manager, h.is.baseUrl);
    const started = await h.manager.threepidShareStart({ medium: 'email', address: ALICE_EMAIL });
    const again = await h.manager.threepidShareResend({ handle: started.handle });
    expect(again.sendAttempt).toBe(2);
    expect(sent.map((b) => (b as { send_attempt: number }).send_attempt)).toEqual([1, 2]);
    const secrets = new Set(sent.map((b) => (b as { client_secret: string }).client_secret));
    expect(secrets.size).toBe(1);
    expect(h.is.sentEmails(ALICE_EMAIL)).toHaveLength(2);
  });

  it('reports no-support when the identity server cannot unbind', async () => {
    const h = await usingIdentityServer();
    h.is.addBinding('email', ALICE_EMAIL, h.userId);
    h.is.failNext(1, { status: 404, path: `${IS_PREFIX}/3pid/unbind` });
    const stopped = await h.manager.threepidStopSharing({ medium: 'email', address: ALICE_EMAIL });
    expect(stopped).toMatchObject({ result: 'no-support', server: h.is.baseUrl });
    // The server kept it, and the listing says so rather than pretending.
    expect(discoverability(stopped.listing)[ALICE_EMAIL]).toBe(true);
  });
});

describe('adding and removing an address', () => {
  it('adds an email after the link, with the password asked again, then removes it', async () => {
    const h = await usingIdentityServer();
    const started = await h.manager.threepidAddStart({
      medium: 'email',
      address: 'Alice.Work@Example.org',
      defaultCountry: null,
    });
    expect(started).toMatchObject({ address: 'alice.work@example.org', server: h.hs.baseUrl });
    const mail = h.hs.threepidOutbox('alice.work@example.org').at(-1)!;
    await followMailLink(mail.link!);
    await expect(
      h.manager.threepidAddFinish({ handle: started.handle, password: null }),
    ).resolves.toEqual({ kind: 'needsPassword' });
    await expect(
      h.manager.threepidAddFinish({ handle: started.handle, password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'THREEPID_WRONG_PASSWORD' });
    const added = await h.manager.threepidAddFinish({
      handle: started.handle,
      password: 'alice-password',
    });
    expect(added.kind).toBe('added');
    expect(h.hs.threepids('alice').map((t) => t.address)).toContain('alice.work@example.org');

    h.is.addBinding('email', 'alice.work@example.org', h.userId);
    const removed = await h.manager.threepidRemove({
      medium: 'email',
      address: 'alice.work@example.org',
    });
    expect(removed.result).toBe('success');
    expect(h.hs.threepids('alice').map((t) => t.address)).not.toContain('alice.work@example.org');
    // id_server was named, so the identity server forgot it too.
    expect(h.is.bindings().map((b) => b.address)).not.toContain('alice.work@example.org');
  });

  it('adds a phone number in national form with the default country, through the code', async () => {
    const h = await usingIdentityServer();
    const started = await h.manager.threepidAddStart({
      medium: 'msisdn',
      address: '07700 900777',
      defaultCountry: 'GB',
    });
    expect(started).toMatchObject({ address: '447700900777', proof: 'code' });
    const { token } = h.hs.threepidOutbox('447700900777').at(-1)!;
    await h.manager.threepidAddSubmitCode({ handle: started.handle, code: token });
    const added = await h.manager.threepidAddFinish({
      handle: started.handle,
      password: 'alice-password',
    });
    expect(added.kind).toBe('added');
    expect(h.hs.threepids('alice').map((t) => t.address)).toContain('447700900777');
  });

  it('opens the SSO confirmation page for an account without a password', async () => {
    const h = await usingIdentityServer();
    h.hs.setThreepidAuth('sso');
    const opened: string[] = [];
    Object.assign(h.platform, { openExternal: async (url: string) => void opened.push(url) });
    const started = await h.manager.threepidAddStart({
      medium: 'email',
      address: 'alice.sso@example.org',
      defaultCountry: null,
    });
    await followMailLink(h.hs.threepidOutbox('alice.sso@example.org').at(-1)!.link!);
    const first = await h.manager.threepidAddFinish({ handle: started.handle, password: null });
    expect(first).toEqual({ kind: 'ssoOpened', server: h.hs.baseUrl });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/\/auth\/m\.login\.sso\/fallback\/web\?session=/);
    await followMailLink(opened[0]!); // the user completes SSO in the browser
    const added = await h.manager.threepidAddFinish({ handle: started.handle, password: null });
    expect(added.kind).toBe('added');
  });
});

describe('terms on demand and a disabled server', () => {
  it('new terms mid-session: IDENTITY_TERMS_CHANGED, acceptance withdrawn; accepted → the retry works', async () => {
    const h = await usingIdentityServer();
    h.is.setTerms({
      privacy_policy: {
        version: '2.0',
        en: { name: 'Privacy Policy', url: `${h.is.baseUrl}/_terms/privacy-2.0-en.html` },
      },
    });
    const writesBefore = JSON.stringify(h.hs.accountData('alice'));
    await expect(
      h.manager.threepidShareStart({ medium: 'email', address: ALICE_EMAIL }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_CHANGED' });
    expect(h.manager.state().termsAccepted).toBe(false);
    // Declining is doing nothing: nothing was written to the account, nothing mailed.
    expect(JSON.stringify(h.hs.accountData('alice'))).toBe(writesBefore);
    expect(h.is.sentEmails(ALICE_EMAIL)).toHaveLength(0);

    await h.manager.identityAcceptTerms({
      acceptedPolicyUrls: [`${h.is.baseUrl}/_terms/privacy-2.0-en.html`],
      acceptNoTerms: false,
    });
    await expect(
      h.manager.threepidShareStart({ medium: 'email', address: ALICE_EMAIL }),
    ).resolves.toMatchObject({ proof: 'link' });
    expect(h.is.sentEmails(ALICE_EMAIL)).toHaveLength(1);
  });

  it('sends nothing to a disabled identity server, and says why', async () => {
    const h = await usingIdentityServer();
    await h.manager.identityDisable();
    h.is.resetRequests();
    const listing = await h.manager.threepidList();
    expect(listing.identityServer).toBeNull();
    expect(listing.notChecked).toMatch(/turned off for your account/);
    expect(listing.threepids.every((t) => t.discoverable === null)).toBe(true);
    await expect(
      h.manager.threepidShareStart({ medium: 'email', address: ALICE_EMAIL }),
    ).rejects.toMatchObject({ code: 'IDENTITY_NONE' });
    await expect(
      h.manager.threepidStopSharing({ medium: 'email', address: ALICE_EMAIL }),
    ).rejects.toMatchObject({ code: 'IDENTITY_NONE' });
    const removed = await h.manager.threepidRemove({ medium: 'msisdn', address: ALICE_MSISDN });
    expect(removed.server).toBeNull();
    // Barrier: every command above has answered; the identity server saw nothing.
    expect(h.is.requests()).toEqual([]);
    expect(h.hs.requests({ path: '/_matrix/client/v3/account/3pid/delete' })).toHaveLength(1);
  });
});
