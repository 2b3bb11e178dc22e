/**
 * An encrypted DM between two app instances on the real Synapse 1.67 (issue 13, Tests): alice
 * and bob, each an app in its own process with its own data directory (its own Rust crypto
 * store), driven through the IPC contract as the window drives it. Messages go both ways and
 * each side reads the other's decrypted text in the timeline; then bob's app is restarted
 * cleanly and alice's is SIGKILLed, and after each the conversation goes on both ways on the
 * same devices: Synapse (asked by a third user, which cannot add a device) lists the same
 * device IDs with the same identity keys as before, and each app reports the same device ID.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  publishedDevices,
  realServersMissing,
  registerObserver,
  registerUser,
  type Observer,
} from './realServers.js';
import { realApps, signedIn, signIn } from './realApps.js';
import { CRYPTO_MS, openRoom, type RoomView } from './roomView.js';

const missing = realServersMissing();
const apps = realApps();
afterAll(() => apps.stopAll());

describe.skipIf(missing !== null)(
  `an encrypted DM between two apps on the real Synapse${missing ? ` (${missing})` : ''}`,
  () => {
    it('reads both ways, and goes on on the same devices after a restart and a SIGKILL', async () => {
      const run = Date.now().toString(36);
      const [aliceId, bobId, observer] = await Promise.all([
        registerUser(`alice${run}`, `pw-alice${run}`),
        registerUser(`bob${run}`, `pw-bob${run}`),
        registerObserver(`carol${run}`),
      ]);
      let [alice, bob] = await Promise.all([apps.start(), apps.start()]);
      const [aliceSession, bobSession] = await Promise.all([
        signIn(alice, `alice${run}`),
        signIn(bob, `bob${run}`),
      ]);
      expect(aliceSession.userId).toBe(aliceId);
      expect(bobSession.userId).toBe(bobId);

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
      const before = await devices(observer);
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
      expect(await devices(observer)).toEqual(before);

      // (b) alice's app is killed outright, then started again on the same data directory.
      const killed = await apps.restart(alice, 'kill');
      expect(killed.exit).toBe('SIGKILL');
      alice = killed.app;
      expect((await signedIn(alice, roomId)).deviceId).toBe(aliceSession.deviceId);
      aliceRoom = await openRoom(alice, roomId);
      await talk('after alice was killed');
      expect(await devices(observer)).toEqual(before);
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
  },
);
