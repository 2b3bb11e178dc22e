/**
 * Inviting by email address on the real Synapse 1.67 and Sydent 2.6.1 (issue 13, Tests), with
 * two app instances, each in its own process, driven through the IPC contract. bob shares his
 * address on Sydent (the links in Synapse's and Sydent's mails, as he would click them); alice
 * invites that address through the app's invite command: the hashed lookup finds bob, he gets
 * an ordinary invitation, joins, and is the member. Then alice invites an address nobody
 * shared: the app asks first, and on her go-ahead Synapse stores a third-party invite at Sydent
 * (`id_server` 127.0.0.1:8443 with the app's `id_access_token`), the room gets its
 * `m.room.third_party_invite` state event, and Sydent mails the invitation to that address.
 * What the room holds is read by carol, a third user in the room, as any member would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AppInstance } from './appInstance.js';
import { realApps, signIn } from './realApps.js';
import {
  asObserver,
  mailLogOffset,
  realServersMissing,
  registerObserver,
  registerUser,
  SMTP_LOG,
  SYDENT_TLS,
  waitForMailLink,
  type Observer,
} from './realServers.js';
import { CRYPTO_MS, openRoom } from './roomView.js';
import { readFileSync } from 'node:fs';

const missing = realServersMissing();
const apps = realApps();
afterAll(() => apps.stopAll());

interface StateEvent {
  type: string;
  state_key: string;
  sender: string;
  content: Record<string, unknown>;
}

/** The room's current state as a member (carol) reads it from Synapse. */
const roomState = (carol: Observer, roomId: string) =>
  asObserver<StateEvent[]>(carol, 'GET', `/rooms/${encodeURIComponent(roomId)}/state`);

/** The user clicks the link in the mail (their browser, not the app). */
async function follow(link: string): Promise<void> {
  const response = await fetch(link);
  await response.text();
  expect(response.status).toBe(200);
}

/** Accepts the terms of the app's identity server (Sydent), as the settings screen does. */
async function acceptIdentityTerms(app: AppInstance): Promise<void> {
  const identity = await app.waitFor('identity', (s) => s.source !== 'pending', CRYPTO_MS);
  expect(identity.url).toBe(SYDENT_TLS);
  const candidate = await app.handlers.identityCheck({ server: SYDENT_TLS });
  await app.handlers.identityAcceptTerms({
    acceptedPolicyUrls: candidate.policies.map((p) => p.url),
    acceptNoTerms: candidate.policies.length === 0,
  });
}

/** Adds `email` to the account (Synapse's mail, the password again) and shares it on Sydent. */
async function shareEmail(app: AppInstance, email: string, password: string): Promise<void> {
  let offset = mailLogOffset();
  const adding = await app.handlers.threepidAddStart({
    medium: 'email',
    address: email,
    defaultCountry: null,
  });
  await follow(await waitForMailLink(email, offset, 'add_threepid'));
  const added = await app.handlers.threepidAddFinish({ handle: adding.handle, password });
  expect(added.kind).toBe('added');
  offset = mailLogOffset();
  const sharing = await app.handlers.threepidShareStart({ medium: 'email', address: email });
  await follow(await waitForMailLink(email, offset, 'submitToken'));
  const shared = await app.handlers.threepidShareSubmit({ handle: sharing.handle, code: null });
  expect(shared.threepids).toContainEqual({ medium: 'email', address: email, discoverable: true });
}

/** How many mails the sink got for `to` since `offset` (its log prints each mail's headers). */
function mailsTo(to: string, offset: number): number {
  const raw = readFileSync(SMTP_LOG).subarray(offset).toString('utf8');
  return raw.split(/\r?\n/).filter((line) => line.toLowerCase() === `to: ${to}`).length;
}

describe.skipIf(missing !== null)(
  `inviting by email with the real Synapse and Sydent${missing ? ` (${missing})` : ''}`,
  () => {
    it('invites the owner of a shared address as a member, and an unshared one by mail', async () => {
      const run = Date.now().toString(36);
      const bobEmail = `bob${run}@example.org`;
      const [aliceId, bobId, carol] = await Promise.all([
        registerUser(`alice${run}`, `pw-alice${run}`),
        registerUser(`bob${run}`, `pw-bob${run}`),
        registerObserver(`carol${run}`),
      ]);
      const [alice, bob] = await Promise.all([apps.start(), apps.start()]);
      await Promise.all([signIn(alice, `alice${run}`), signIn(bob, `bob${run}`)]);
      await Promise.all([acceptIdentityTerms(alice), acceptIdentityTerms(bob)]);
      await shareEmail(bob, bobEmail, `pw-bob${run}`);

      const roomName = `Plans ${run}`;
      const { roomId } = await alice.handlers.roomCreate({
        name: roomName,
        topic: '',
        invite: [carol.userId],
        direct: false,
        encrypted: true,
        public: false,
      });
      await asObserver(carol, 'POST', `/join/${encodeURIComponent(roomId)}`, {});

      // (a) The address bob shared, written as people write it: the lookup finds bob.
      const invited = await alice.handlers.roomInviteAddress({
        roomId,
        address: ` ${bobEmail.toUpperCase()} `,
        medium: null,
        defaultCountry: null,
        confirmThirdParty: false,
      });
      expect(invited).toEqual({ kind: 'invited', userId: bobId });
      await bob.waitFor(
        'roomList',
        (d) =>
          d.op === 'update' &&
          d.upsert.some(
            (r) => r.roomId === roomId && r.membership === 'invite' && r.inviter === aliceId,
          ),
        CRYPTO_MS,
      );
      await bob.handlers.roomJoin({ target: roomId });
      expect((await openRoom(bob, roomId)).readOnlyReason).toBeNull();
      let state = await roomState(carol, roomId);
      expect(
        state.find((e) => e.type === 'm.room.member' && e.state_key === bobId)?.content,
      ).toMatchObject({ membership: 'join' });
      // An ordinary invitation: nothing was stored at the identity server for this address.
      expect(state.filter((e) => e.type === 'm.room.third_party_invite')).toEqual([]);

      // (b) An address nobody shared: asked first, only the hashed lookup went out.
      const nobody = `nobody${run}@example.org`;
      const offset = mailLogOffset();
      const request = {
        roomId,
        address: nobody,
        medium: 'email' as const,
        defaultCountry: null,
      };
      expect(
        await alice.handlers.roomInviteAddress({ ...request, confirmThirdParty: false }),
      ).toEqual({
        kind: 'needsConfirmation',
        medium: 'email',
        address: nobody,
        server: SYDENT_TLS,
      });
      state = await roomState(carol, roomId);
      expect(state.filter((e) => e.type === 'm.room.third_party_invite')).toEqual([]);

      expect(
        await alice.handlers.roomInviteAddress({ ...request, confirmThirdParty: true }),
      ).toEqual({ kind: 'invitedByAddress', medium: 'email', address: nobody, server: SYDENT_TLS });
      state = await roomState(carol, roomId);
      const thirdParty = state.filter((e) => e.type === 'm.room.third_party_invite');
      expect(thirdParty).toHaveLength(1);
      expect(thirdParty[0]!.sender).toBe(aliceId);
      // Sydent signs the invite: the room holds its public key and where to check it.
      expect(thirdParty[0]!.content).toMatchObject({
        display_name: expect.any(String),
        key_validity_url: expect.stringContaining('127.0.0.1:8443'),
        public_key: expect.any(String),
      });
      // Sydent mails the invitation to the address: the link names this room and this invite.
      const link = new URL(
        await waitForMailLink(nobody, offset, `email=${encodeURIComponent(nobody)}`),
      );
      const [path, query] = link.hash.split('?') as [string, string];
      expect(decodeURIComponent(path)).toBe(`#/room/${roomId}`);
      const params = new URLSearchParams(query);
      expect(params.get('room_name')).toBe(roomName);
      expect(new URL(params.get('signurl')!).searchParams.get('token')).toBe(
        thirdParty[0]!.state_key,
      );
      // One mail: the question before the go-ahead sent nothing.
      expect(mailsTo(nobody, offset)).toBe(1);

      // Nothing either window was told carries a token or a client secret.
      for (const app of [alice, bob]) {
        expect(JSON.stringify(app.events)).not.toMatch(/syt_|access_token|client_secret/);
      }
    });
  },
);
