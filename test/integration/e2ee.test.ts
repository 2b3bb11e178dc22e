/**
 * End-to-end encryption in the core: alice and bob, each an app with its own data directory
 * (its own encryption store), on the fixture homeserver, which only stores and relays keys and
 * to-device messages. What is proven is what the users and the server observe: messages read
 * in clear on both sides, only ciphertext on the server, one device per user across a restart,
 * and the store gone after sign-out.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../electron/ipc/contract.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';
import { startWorkerCore, type WorkerCore } from './e2eeWorkerCore.js';
import { timelineFromEvents } from '../support/timelineFromEvents.js';

/** Rust crypto's key exchange (key queries, claims, to-device) takes a few round trips. */
const CRYPTO_MS = 15_000;

let hs: Homeserver | undefined;
const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await hs?.close();
  hs = undefined;
});

/** An app as the test drives it: its commands, the events it emitted, its data directory. */
type Peer = Pick<WorkerCore, 'handlers' | 'events' | 'waitFor' | 'dataDir'>;

const peerOf = (app: CoreUnderTest): Peer => ({
  handlers: app.core.handlers,
  events: app.events,
  waitFor: app.waitFor,
  dataDir: app.dataDir,
});

async function signIn(app: Peer, server: Homeserver, user: string): Promise<void> {
  await app.handlers.discover({ server: server.baseUrl });
  await app.handlers.loginWithPassword({ identifier: user, password: `${user}-pw` });
  await app.waitFor('roomList', (d) => d.op === 'reset', CRYPTO_MS);
}

async function openRoom(app: Peer, roomId: string) {
  const since = app.events.length;
  const opened = await app.handlers.roomOpen({ roomId });
  const items = () => timelineFromEvents(app.events.slice(since), roomId, opened.items);
  return {
    opened,
    items,
    /** Waits until the room's items satisfy `check` (now, or after a timeline diff). */
    until: async (check: (items: TimelineItem[]) => boolean) => {
      if (!check(items())) await app.waitFor('timeline', () => check(items()), CRYPTO_MS);
    },
    /** Waits until the room shows `line` ("Sender: text") as a sent text message. */
    shows: async (line: string) => {
      const check = () => texts(items()).includes(line);
      if (!check()) await app.waitFor('timeline', check, CRYPTO_MS);
    },
  };
}

const texts = (items: TimelineItem[]) =>
  items
    .filter((i) => i.kind === 'text' && i.status === 'sent')
    .map((i) => `${i.senderName}: ${i.text}`);

/** The devices the homeserver lists for `userId` (what other users encrypt to), with keys. */
async function publishedDevices(server: Homeserver, userId: string) {
  // carol asks: a user without devices of her own, so the answer is only what alice published.
  const carol = server.login('carol');
  const response = await fetch(`${server.baseUrl}/_matrix/client/v3/keys/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${carol.access_token}` },
    body: JSON.stringify({ device_keys: { [userId]: [] } }),
  });
  const body = (await response.json()) as {
    device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
  };
  return Object.fromEntries(
    Object.entries(body.device_keys[userId] ?? {}).map(([id, d]) => [id, d.keys]),
  );
}

const storeFiles = (dir: string) => readdirSync(dir).filter((f) => /^crypto-.*\.sqlite$/.test(f));

describe('end-to-end encryption between two apps', () => {
  it(
    'an encrypted DM reads both ways, survives a restart on the same device, and sign-out deletes the store',
    { timeout: 60_000 },
    async () => {
      hs = await startHomeserver({
        users: [
          { localpart: 'alice', password: 'alice-pw', displayName: 'Alice' },
          { localpart: 'bob', password: 'bob-pw', displayName: 'Bob' },
          { localpart: 'carol', password: 'carol-pw', displayName: 'Carol' },
        ],
      });
      // alice in this thread, bob in a worker: a process runs one encryption store at a time.
      let aliceApp = await startCore({ e2ee: true });
      apps.push(aliceApp);
      let alice = peerOf(aliceApp);
      await signIn(alice, hs, 'alice');
      const bob = await startWorkerCore();
      apps.push(bob);
      await signIn(bob, hs, 'bob');
      const aliceId = hs.userId('alice');
      const bobId = hs.userId('bob');

      const { roomId } = await alice.handlers.roomCreate({
        name: '',
        topic: '',
        invite: [bobId],
        direct: true,
        encrypted: true,
        public: false,
      });
      await bob.waitFor(
        'roomList',
        (d) => d.op === 'update' && d.upsert.some((r) => r.roomId === roomId),
      );
      await bob.handlers.roomJoin({ target: roomId });
      // alice must see bob joined before her first message, or she would encrypt for herself only.
      const aliceRoom = await openRoom(alice, roomId);
      expect(aliceRoom.opened.readOnlyReason).toBeNull();
      await aliceRoom.until((items) =>
        items.some((i) => i.kind === 'membership' && i.text === 'Bob joined'),
      );

      await alice.handlers.roomSend({ roomId, body: 'hello bob' });
      const bobRoom = await openRoom(bob, roomId);
      expect(bobRoom.opened.readOnlyReason).toBeNull();
      await bobRoom.shows('Alice: hello bob');
      // The room list's preview is the decrypted text too.
      await bob.waitFor(
        'roomList',
        (d) =>
          d.op === 'update' &&
          d.upsert.some((r) => r.roomId === roomId && r.preview === 'hello bob'),
        CRYPTO_MS,
      );
      await bob.handlers.roomSend({ roomId, body: 'hi alice' });
      await aliceRoom.shows('Bob: hi alice');
      await aliceRoom.shows('Alice: hello bob');

      // The server only ever had ciphertext.
      const stored = hs.roomEvents(roomId);
      expect(stored.some((e) => e.type === 'm.room.message')).toBe(false);
      expect(stored.filter((e) => e.type === 'm.room.encrypted')).toHaveLength(2);
      expect(JSON.stringify(stored)).not.toMatch(/hello bob|hi alice/);

      const before = await publishedDevices(hs, aliceId);
      expect(Object.keys(before)).toHaveLength(1);
      expect(storeFiles(alice.dataDir)).toHaveLength(1);

      // Restart alice: the same device, its keys from the store.
      apps.splice(apps.indexOf(aliceApp), 1);
      aliceApp = await aliceApp.restart();
      apps.push(aliceApp);
      alice = peerOf(aliceApp);
      await alice.waitFor('roomList', (d) => d.op === 'reset', CRYPTO_MS);
      const again = await openRoom(alice, roomId);
      await bob.handlers.roomSend({ roomId, body: 'still there?' });
      await again.shows('Bob: still there?');
      await alice.handlers.roomSend({ roomId, body: 'back again' });
      await bobRoom.shows('Alice: back again');
      expect(await publishedDevices(hs, aliceId)).toEqual(before);

      // Sign-out: the device is gone, and so is its encryption store.
      await alice.handlers.signOut({});
      expect(storeFiles(alice.dataDir)).toEqual([]);
      // bob's store (another app) is untouched.
      expect(storeFiles(bob.dataDir)).toHaveLength(1);
    },
  );
});

describe('one app with encryption', () => {
  async function aliceAlone() {
    hs = await startHomeserver({
      // No refresh: an expired token is the end of the session at once (soft or hard).
      refreshTokens: false,
      users: [
        { localpart: 'alice', password: 'alice-pw', displayName: 'Alice' },
        { localpart: 'carol', password: 'carol-pw', displayName: 'Carol' },
      ],
    });
    const app = await startCore({ e2ee: true });
    apps.push(app);
    await signIn(peerOf(app), hs, 'alice');
    const { roomId } = await app.core.handlers.roomCreate({
      name: 'Secret',
      topic: '',
      invite: [],
      direct: false,
      encrypted: true,
      public: false,
    });
    await app.waitFor(
      'roomList',
      (d) => d.op === 'update' && d.upsert.some((r) => r.roomId === roomId && r.encrypted),
      CRYPTO_MS,
    );
    return { hs, app, roomId };
  }

  it(
    'says why a message cannot be decrypted: its key never reached this device',
    { timeout: 60_000 },
    async () => {
      const { hs, app, roomId } = await aliceAlone();
      const room = await openRoom(peerOf(app), roomId);
      // As another device of alice's would send it, had it not shared the room key with this one.
      hs.sendEvent('alice', roomId, 'm.room.encrypted', {
        algorithm: 'm.megolm.v1.aes-sha2',
        sender_key: 'e08dzcZefAUXjlinjqHUnoiBFY7WDhSzXYdYaBOAIrA',
        session_id: 'wFfG6qnVjPr9GAasR6SPsifs8EPm11VkJEyCV2FPxvA',
        device_id: 'OTHERDEVICE',
        // A well-formed Megolm message (version 3, index 0, 16 bytes, MAC, signature) of a
        // session this device never received.
        ciphertext:
          'AwgAEhD6xwpNCaoh+d/x4LfWEeztnZGhgbhuhsGxggC1YVu2WBxnTkgmbMvC1yDu+7V13LABYFZAGOIOY+zXOIyCJBaS1qRlSbqOroO5tcTMzFlxjLkq2KFQIzoM',
      });
      await room.until((items) =>
        items.some((i) => i.kind === 'encrypted' && /has not reached this device/.test(i.text)),
      );
    },
  );

  it(
    'a store that cannot be used is said in the encrypted room, which stays read-only',
    { timeout: 60_000 },
    async () => {
      const { app, roomId } = await aliceAlone();
      const [file] = storeFiles(app.dataDir);
      apps.splice(apps.indexOf(app), 1);
      await app.close();
      rmSync(join(app.dataDir, file!));
      const restarted = await startCore({ e2ee: true, dataDir: app.dataDir });
      apps.push(restarted);
      await restarted.waitFor('roomList', (d) => d.op === 'reset', CRYPTO_MS);
      const opened = await restarted.core.handlers.roomOpen({ roomId });
      expect(opened.readOnlyReason).toMatch(
        /encryption store of .* is missing.*Sign out and sign in again/,
      );
      await expect(restarted.core.handlers.roomSend({ roomId, body: 'clear?' })).rejects.toThrow(
        /is missing/,
      );
      // No new store was started under the old device ID.
      expect(storeFiles(app.dataDir)).toEqual([]);
    },
  );

  it(
    'a hard logout by the server deletes the store; a soft one keeps it',
    { timeout: 60_000 },
    async () => {
      const { hs, app } = await aliceAlone();
      expect(storeFiles(app.dataDir)).toHaveLength(1);
      hs.expireTokens({ user: 'alice' }, 'soft');
      // A request now, rather than at the end of the sync's long poll.
      await app.core.handlers.identityDisableCheck({}).catch(() => undefined);
      await app.waitFor('session', (s) => s.status === 'softLoggedOut', CRYPTO_MS);
      expect(storeFiles(app.dataDir)).toHaveLength(1);

      const second = await startCore({ e2ee: true });
      apps.push(second);
      await signIn(peerOf(second), hs, 'alice');
      expect(storeFiles(second.dataDir)).toHaveLength(1);
      hs.expireTokens({ user: 'alice' }, 'hard');
      await second.core.handlers.identityDisableCheck({}).catch(() => undefined);
      await second.waitFor('session', (s) => s.status === 'signedOut', CRYPTO_MS);
      await expect.poll(() => storeFiles(second.dataDir), { timeout: CRYPTO_MS }).toEqual([]);
    },
  );
});
