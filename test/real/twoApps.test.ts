/**
 * Two app instances on the real Synapse 1.67 and Sydent 2.6.1 (issue 13, Tests): alice and
 * bob, each an app in its own process with its own data directory (its own Rust crypto store),
 * driven through the IPC contract as the window drives it (the bridge's WebSocket, the same
 * validation as Electron's ipcMain). One pair of accounts, signed in once, for both stories:
 *
 * - An encrypted DM: messages go both ways and each side reads the other's decrypted text in
 *   the timeline; then bob's app is restarted cleanly and alice's is SIGKILLed, and after each
 *   the conversation goes on both ways on the same devices: Synapse (asked by carol, a third
 *   user, which cannot add a device to anyone) lists the same device IDs with the same identity
 *   keys as before, and each app reports the same device ID.
 * - Invitations by email: bob shares his address on Sydent (the links in Synapse's and Sydent's
 *   mails, as he would click them); alice invites that address through the app's invite
 *   command: the hashed lookup finds bob, he gets an ordinary invitation, joins, and is the
 *   member. Then an address nobody shared: the app asks first, and on her go-ahead Synapse
 *   stores a third-party invite at Sydent (`id_server` 127.0.0.1:8443 with the app's
 *   `id_access_token`), the room gets its `m.room.third_party_invite` state event, and Sydent
 *   mails the invitation to that address. What the room holds is read by carol, a member.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInstance } from './appInstance.js';
import { realApps, signedIn, signIn, type SignedIn } from './realApps.js';
import {
  asObserver,
  followMailLink,
  mailLogOffset,
  publishedDevices,
  realServersMissing,
  registerObserver,
  registerUser,
  SMTP_LOG,
  SYDENT_TLS,
  waitForMailLink,
  type Observer,
} from './realServers.js';
import { CRYPTO_MS, openRoom, type RoomView } from './roomView.js';

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

/** Accepts the terms of the app's identity server (Sydent), as the settings screen does. */
async function acceptIdentityTerms(app: AppInstance): Promise<void> {
  // Asked first: a restarted app may have said it before this connection was open.
  const { identity: now } = await app.handlers.getState({});
  const identity =
    now.source !== 'pending'
      ? now
      : await app.waitFor('identity', (s) => s.source !== 'pending', CRYPTO_MS);
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
  await followMailLink(await waitForMailLink(email, offset, 'add_threepid'));
  const added = await app.handlers.threepidAddFinish({ handle: adding.handle, password });
  expect(added.kind).toBe('added');
  offset = mailLogOffset();
  const sharing = await app.handlers.threepidShareStart({ medium: 'email', address: email });
  await followMailLink(await waitForMailLink(email, offset, 'submitToken'));
  const shared = await app.handlers.threepidShareSubmit({ handle: sharing.handle, code: null });
  expect(shared.threepids).toContainEqual({ medium: 'email', address: email, discoverable: true });
}

/** How many mails the sink got for `to` since `offset` (its log prints each mail's headers). */
function mailsTo(to: string, offset: number): number {
  const raw = readFileSync(SMTP_LOG).subarray(offset).toString('utf8');
  return raw.split(/\r?\n/).filter((line) => line.toLowerCase() === `to: ${to}`).length;
}

describe.skipIf(missing !== null)(
  `two apps on the real Synapse and Sydent${missing ? ` (${missing})` : ''}`,
  () => {
    const run = Date.now().toString(36);
    let aliceId: string;
    let bobId: string;
    let carol: Observer;
    let alice: AppInstance;
    let bob: AppInstance;
    let aliceSession: SignedIn;
    let bobSession: SignedIn;

    beforeAll(async () => {
      [aliceId, bobId, carol] = await Promise.all([
        registerUser(`alice${run}`, `pw-alice${run}`),
        registerUser(`bob${run}`, `pw-bob${run}`),
        registerObserver(`carol${run}`),
      ]);
      [alice, bob] = await Promise.all([apps.start(), apps.start()]);
      [aliceSession, bobSession] = await Promise.all([
        signIn(alice, `alice${run}`),
        signIn(bob, `bob${run}`),
      ]);
      expect(aliceSession.userId).toBe(aliceId);
      expect(bobSession.userId).toBe(bobId);
    });

    it('an encrypted DM reads both ways, and goes on on the same devices after a restart and a SIGKILL', async () => {
      const { roomId } = await alice.handlers.roomCreate({
        name: '',
        topic: '',
        invite: [bobId],
        direct: true,
        encrypted: true,
        public: false,
      });
      const invited = await bob.waitFor(
        'roomList',
        (d) =>
          d.op === 'update' &&
          d.upsert.some((r) => r.roomId === roomId && r.membership === 'invite'),
        CRYPTO_MS,
      );
      expect(invited.op === 'update' && invited.upsert.find((r) => r.roomId === roomId)).toEqual(
        expect.objectContaining({ isDirect: true, encrypted: true, inviter: aliceId }),
      );
      await bob.handlers.roomJoin({ target: roomId });
      // alice sees bob joined before her first message, or she would encrypt for herself only.
      let aliceRoom = await openRoom(alice, roomId);
      expect(aliceRoom.readOnlyReason).toBeNull();
      await aliceRoom.until(
        (items) => items.some((i) => i.kind === 'membership' && i.sender === bobId),
        'bob joining',
      );
      let bobRoom = await openRoom(bob, roomId);
      expect(bobRoom.readOnlyReason).toBeNull();

      /** One message each way, each read in clear on the other side. */
      const talk = async (step: string) => {
        await alice.handlers.roomSend({ roomId, body: `alice: ${step}` });
        await bobRoom.shows(aliceId, `alice: ${step}`);
        await bob.handlers.roomSend({ roomId, body: `bob: ${step}` });
        await aliceRoom.shows(bobId, `bob: ${step}`);
      };
      await talk('hello');
      // Nothing in either room stayed undecryptable.
      for (const room of [aliceRoom, bobRoom]) {
        expect(room.items().filter((i) => i.kind === 'encrypted')).toEqual([]);
      }

      // Who they are to everyone else: one device each, the one the app says it is.
      const devices = async (who: Observer) => ({
        alice: await publishedDevices(who, aliceId),
        bob: await publishedDevices(who, bobId),
      });
      const before = await devices(carol);
      expect(Object.keys(before.alice)).toEqual([aliceSession.deviceId]);
      expect(Object.keys(before.bob)).toEqual([bobSession.deviceId]);
      expect(before.alice[aliceSession.deviceId]).toHaveProperty(
        `ed25519:${aliceSession.deviceId}`,
      );

      // (a) bob quits the app and starts it again: the stored session, the same device.
      const restarted = await apps.restart(bob, 'stop');
      expect(restarted.exit).toBe(0);
      bob = restarted.app;
      expect((await signedIn(bob, roomId)).deviceId).toBe(bobSession.deviceId);
      bobRoom = await openRoom(bob, roomId);
      await talk('after bob restarted');
      expect(await devices(carol)).toEqual(before);

      // (b) alice's app is killed outright, then started again on the same data directory.
      const killed = await apps.restart(alice, 'kill');
      expect(killed.exit).toBe('SIGKILL');
      alice = killed.app;
      expect((await signedIn(alice, roomId)).deviceId).toBe(aliceSession.deviceId);
      aliceRoom = await openRoom(alice, roomId);
      await talk('after alice was killed');
      expect(await devices(carol)).toEqual(before);
      // Both read the whole conversation, none of it undecryptable.
      for (const [room, name] of [
        [aliceRoom, 'alice'],
        [bobRoom, 'bob'],
      ] as [RoomView, string][]) {
        expect(
          room.items().filter((i) => i.kind === 'encrypted'),
          `${name}'s undecryptable items`,
        ).toEqual([]);
      }
    });

    it('invites the owner of a shared address as a member, and an unshared address by mail', async () => {
      const bobEmail = `bob${run}@example.org`;
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
