/**
 * Inviting by email address or phone number through the core as main hosts it (issue 13, item
 * 4), against the fixture homeserver and identity server: an address someone shared invites
 * them; one nobody shared asks first and then becomes a third-party invite the identity server
 * stores; with no identity server, or its terms not accepted, the address goes nowhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startHomeserver,
  startIdentityServer,
  type Homeserver,
  type IdentityServer,
} from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let hs: Homeserver | undefined;
let is: IdentityServer | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await hs?.close();
  await is?.close();
  app = hs = is = undefined;
});

interface Setup {
  /** alice's account points at the identity server (m.identity_server). */
  identityServer: boolean;
  /** ...and she accepted its terms in this app. */
  acceptTerms: boolean;
  /** m.identity_server is {base_url: null}: identity-server use turned off for the account. */
  disabled?: boolean;
}

async function aliceInARoom({ identityServer, acceptTerms, disabled = false }: Setup) {
  is = await startIdentityServer();
  hs = await startHomeserver({
    users: [
      { localpart: 'alice', password: 'alice-pw', displayName: 'Alice' },
      { localpart: 'bob', password: 'bob-pw', displayName: 'Bob' },
    ],
  });
  if (identityServer) hs.setAccountData('alice', 'm.identity_server', { base_url: is.baseUrl });
  if (disabled) hs.setAccountData('alice', 'm.identity_server', { base_url: null });
  // With disabled, an app default is there to be overridden by the account's choice.
  app = await startCore({ defaultIdentityServer: disabled ? is.baseUrl : null });
  const { handlers } = app.core;
  await handlers.discover({ server: hs.baseUrl });
  await handlers.loginWithPassword({ identifier: 'alice', password: 'alice-pw' });
  await app.waitFor('roomList', (d) => d.op === 'reset');
  const identity = await app.waitFor('identity', (s) => s.source !== 'pending');
  expect(identity.url).toBe(identityServer ? is.baseUrl : null);
  if (identityServer && acceptTerms) {
    const candidate = await handlers.identityCheck({ server: is.baseUrl });
    await handlers.identityAcceptTerms({
      acceptedPolicyUrls: candidate.policies.map((p) => p.url),
      acceptNoTerms: candidate.policies.length === 0,
    });
  }
  const roomId = hs.createRoom('alice', { name: 'Plans' });
  await app.waitFor(
    'roomList',
    (d) => d.op !== 'reset' && d.upsert.some((r) => r.roomId === roomId),
  );
  return { hs, is, handlers, roomId };
}

const invites = (server: Homeserver) =>
  server.requests({ method: 'POST', path: '/_matrix/client/v3/rooms/{roomId}/invite' });

describe('invite by email address or phone number', () => {
  it('invites the user who shared the address, found by a hashed lookup', async () => {
    const { hs, is, handlers, roomId } = await aliceInARoom({
      identityServer: true,
      acceptTerms: true,
    });
    is.addBinding('msisdn', '447700900123', hs.userId('bob'));
    const result = await handlers.roomInviteAddress({
      roomId,
      address: '07700 900123',
      medium: null,
      defaultCountry: 'GB',
      confirmThirdParty: false,
    });
    expect(result).toEqual({ kind: 'invited', userId: hs.userId('bob') });
    expect(hs.membership(roomId, 'bob')).toBe('invite');
    expect(is.storedInvites()).toEqual([]);
    expect(JSON.stringify(app!.events)).not.toMatch(/ist_|syt_|access_token/);
  });

  it('asks before a third-party invite, then the identity server stores it', async () => {
    const { hs, is, handlers, roomId } = await aliceInARoom({
      identityServer: true,
      acceptTerms: true,
    });
    const request = {
      roomId,
      address: ' Carol@Example.org ',
      medium: null,
      defaultCountry: null,
    };
    const asked = await handlers.roomInviteAddress({ ...request, confirmThirdParty: false });
    expect(asked).toEqual({
      kind: 'needsConfirmation',
      medium: 'email',
      address: 'carol@example.org',
      server: is.baseUrl,
    });
    // Only the lookup happened: no invite reached the homeserver, nothing was stored.
    expect(invites(hs)).toHaveLength(0);
    expect(is.storedInvites()).toEqual([]);

    const sent = await handlers.roomInviteAddress({ ...request, confirmThirdParty: true });
    expect(sent).toEqual({
      kind: 'invitedByAddress',
      medium: 'email',
      address: 'carol@example.org',
      server: is.baseUrl,
    });
    const stored = is.storedInvites();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      medium: 'email',
      address: 'carol@example.org',
      roomId,
      sender: hs.userId('alice'),
      roomName: 'Plans',
      storedBy: hs.userId('alice'),
    });
    const event = hs.roomEvents(roomId).find((e) => e.type === 'm.room.third_party_invite');
    expect(event?.state_key).toBe(stored[0]!.token);
    expect(event?.content).toMatchObject({ display_name: 'c...@example.org' });
    // alice sees that the invitation went out, as the identity server shows the address.
    // The event comes down the sync; the room's timeline then has the line.
    const line = 'Alice invited c...@example.org by email or phone';
    for (const deadline = Date.now() + 5_000; ;) {
      const { items } = await handlers.roomOpen({ roomId });
      if (items.some((i) => i.text === line && i.kind === 'membership')) break;
      if (Date.now() > deadline) throw new Error(`no "${line}" in ${JSON.stringify(items)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(JSON.stringify(app!.events)).not.toMatch(/ist_|syt_|access_token/);
  });

  it('new terms on the identity server go through terms on demand, and nothing is stored', async () => {
    const { hs, is, handlers, roomId } = await aliceInARoom({
      identityServer: true,
      acceptTerms: true,
    });
    is.setTerms({
      terms_of_service: {
        version: '2.0',
        en: { name: 'Terms of Service', url: `${is.baseUrl}/_terms/tos-2.0-en.html` },
      },
    });
    const refused = handlers.roomInviteAddress({
      roomId,
      address: 'carol@example.org',
      medium: 'email',
      defaultCountry: null,
      confirmThirdParty: true,
    });
    await expect(refused).rejects.toMatchObject({ code: 'IDENTITY_TERMS_CHANGED' });
    expect((await app!.identity()).termsAccepted).toBe(false);
    expect(invites(hs)).toHaveLength(0);
    expect(is.storedInvites()).toEqual([]);
  });

  it.each([
    {
      setup: { identityServer: false, acceptTerms: false },
      code: 'IDENTITY_NONE',
      says: /No identity server is in use/,
    },
    {
      setup: { identityServer: false, acceptTerms: false, disabled: true },
      code: 'IDENTITY_NONE',
      says: /turned off for your account/,
    },
    {
      setup: { identityServer: true, acceptTerms: false },
      code: 'IDENTITY_TERMS_NOT_ACCEPTED',
      says: /Accept the terms of the identity server/,
    },
  ])('refuses with $code and sends the address nowhere', async ({ setup, code, says }) => {
    const { hs, is, handlers, roomId } = await aliceInARoom(setup);
    is.resetRequests();
    const before = hs.requests().length;
    const refused = handlers.roomInviteAddress({
      roomId,
      address: 'carol@example.org',
      medium: null,
      defaultCountry: null,
      confirmThirdParty: true,
    });
    await expect(refused).rejects.toMatchObject({ code, message: expect.stringMatching(says) });
    // Barrier: an invite by Matrix ID through the same command reaches the homeserver, so
    // anything the refused one had set off would be in the logs by now.
    await handlers.roomInviteAddress({
      roomId,
      address: hs.userId('bob'),
      medium: null,
      defaultCountry: null,
      confirmThirdParty: false,
    });
    expect(hs.membership(roomId, 'bob')).toBe('invite');
    expect(invites(hs)).toHaveLength(1);
    expect(is.requests()).toEqual([]);
    expect(is.storedInvites()).toEqual([]);
    // Nothing but sync and the barrier's invite went to the homeserver meanwhile.
    const since = hs.requests().slice(before);
    expect(since.filter((r) => !r.template.endsWith('/sync'))).toEqual([
      expect.objectContaining({ template: '/_matrix/client/v3/rooms/{roomId}/invite' }),
    ]);
  });
});
