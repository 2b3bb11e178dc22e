/**
 * Live changes through /sync. "Another device" is the homeserver's control API writing account
 * data, which wakes the client's long-poll exactly as a real second session would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE_EMAIL,
  changeTo,
  eventually,
  startHarness,
  syncBarrier,
  type Harness,
} from './identityHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Signed in, syncing, using the fixture IS with its terms accepted here. */
async function usingFirstServer(): Promise<Harness> {
  harness = await startHarness();
  await harness.manager.start();
  await harness.startSync();
  await harness.manager.whenKnown();
  await changeTo(harness.manager, harness.is.baseUrl);
  // Wait for our own write's echo, so later emissions are only about what the test does.
  await eventually(() =>
    expect(harness!.client.getAccountData('m.identity_server')?.getContent()).toEqual({
      base_url: harness!.is.baseUrl,
    }),
  );
  await syncBarrier(harness);
  return harness;
}

describe('IdentityManager live changes', () => {
  it('does not raise the notice for its own write', async () => {
    const h = await usingFirstServer();
    expect(h.emitted.map((s) => s.changedElsewhere)).toEqual([null, null]);
    expect(h.emitted.at(-1)).toEqual({
      url: h.is.baseUrl,
      source: 'account',
      disabledByAccount: false,
      termsAccepted: true,
      changedElsewhere: null,
    });
  });

  it('reports a change from another device once, and sends the new server nothing before consent', async () => {
    const h = await usingFirstServer();
    const attacker = await h.startOtherIdentityServer({
      bindings: [{ medium: 'email', address: 'bob@example.org', mxid: '@mallory:evil.example' }],
    });
    const emittedBefore = h.emitted.length;

    h.hs.setAccountData('alice', 'm.identity_server', { base_url: attacker.baseUrl });
    await eventually(() => expect(h.emitted.length).toBe(emittedBefore + 1));
    await syncBarrier(h);
    expect(h.emitted.length).toBe(emittedBefore + 1);
    expect(h.emitted.at(-1)).toEqual({
      url: attacker.baseUrl,
      source: 'account',
      disabledByAccount: false,
      termsAccepted: false,
      changedElsewhere: { from: h.is.baseUrl, to: attacker.baseUrl },
    });

    await expect(
      h.manager.lookupContact({ medium: 'email', address: 'bob@example.org' }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_NOT_ACCEPTED' });
    expect(attacker.requestCount()).toBe(0);

    // Dismissing the notice is not consent.
    await h.manager.identityDismissNotice();
    expect(h.manager.state()).toMatchObject({ changedElsewhere: null, termsAccepted: false });
    await expect(
      h.manager.lookupContact({ medium: 'email', address: ALICE_EMAIL }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_NOT_ACCEPTED' });
    expect(attacker.requestCount()).toBe(0);
    // Nothing of ours was written in reaction.
    expect(h.hs.getAccountData('alice', 'm.identity_server')).toEqual({
      base_url: attacker.baseUrl,
    });
  });

  it('lets lookups through once the user accepts the new server’s terms here', async () => {
    const h = await usingFirstServer();
    const second = await h.startOtherIdentityServer({
      bindings: [{ medium: 'email', address: 'bob@example.org', mxid: '@bob:hs.example' }],
    });
    h.hs.setAccountData('alice', 'm.identity_server', { base_url: second.baseUrl });
    await eventually(() => expect(h.manager.state().changedElsewhere).not.toBeNull());

    const terms = second.terms();
    const policyUrls = Object.values(terms).map((p) => (p.en as { url: string }).url);
    const state = await h.manager.identityAcceptTerms({
      acceptedPolicyUrls: policyUrls,
      acceptNoTerms: false,
    });
    expect(state).toMatchObject({
      url: second.baseUrl,
      termsAccepted: true,
      changedElsewhere: null,
    });
    expect(second.accounts()).toEqual([
      expect.objectContaining({ userId: h.userId, termsSatisfied: true, tokenCount: 1 }),
    ]);
    const accepted = h.hs.getAccountData('alice', 'm.accepted_terms') as { accepted: string[] };
    expect(accepted.accepted).toEqual(expect.arrayContaining(policyUrls));
    await expect(
      h.manager.lookupContact({ medium: 'email', address: 'bob@example.org' }),
    ).resolves.toEqual({ userId: '@bob:hs.example' });
  });

  it('does not emit when the event is rewritten with the same server', async () => {
    const h = await usingFirstServer();
    const count = h.emitted.length;
    h.hs.setAccountData('alice', 'm.identity_server', { base_url: `${h.is.baseUrl}/` });
    await eventually(() =>
      expect(h.client.getAccountData('m.identity_server')?.getContent()).toEqual({
        base_url: `${h.is.baseUrl}/`,
      }),
    );
    await syncBarrier(h);
    expect(h.emitted.length).toBe(count);
    expect(h.manager.state()).toMatchObject({ termsAccepted: true, changedElsewhere: null });
  });

  it('follows a disable made on another device', async () => {
    const h = await usingFirstServer();
    h.hs.setAccountData('alice', 'm.identity_server', { base_url: null });
    await eventually(() =>
      expect(h.manager.state()).toMatchObject({
        url: null,
        disabledByAccount: true,
        changedElsewhere: { from: h.is.baseUrl, to: null },
      }),
    );
    await expect(
      h.manager.lookupContact({ medium: 'email', address: ALICE_EMAIL }),
    ).rejects.toMatchObject({ code: 'IDENTITY_NONE' });
  });

  it('reports a change made on another device while the app was closed', async () => {
    const h = await usingFirstServer();
    const other = await h.startOtherIdentityServer();
    h.manager.stop();
    h.hs.setAccountData('alice', 'm.identity_server', { base_url: other.baseUrl });
    // The client (shared with the restarted manager here) has seen the change by now.
    await eventually(() =>
      expect(h.client.getAccountData('m.identity_server')?.getContent()).toEqual({
        base_url: other.baseUrl,
      }),
    );

    const restarted = h.restart();
    await restarted.start();
    await restarted.whenKnown();
    expect(restarted.state()).toEqual({
      url: other.baseUrl,
      source: 'account',
      disabledByAccount: false,
      termsAccepted: false,
      changedElsewhere: { from: h.is.baseUrl, to: other.baseUrl },
    });
    restarted.stop();
  });

  it('does not report an unchanged server after a restart', async () => {
    const h = await usingFirstServer();
    h.manager.stop();
    const restarted = h.restart();
    await restarted.start();
    await restarted.whenKnown();
    expect(restarted.state()).toMatchObject({
      url: h.is.baseUrl,
      changedElsewhere: null,
      termsAccepted: true,
    });
    restarted.stop();
  });
});
