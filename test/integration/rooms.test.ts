/**
 * Rooms end to end in the core: two signed-in apps (alice and bob) on one fixture homeserver,
 * driven through the same command handlers the window uses, observed through the events the
 * window receives (room list diffs, timeline diffs) and the server's own record of the rooms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomListDiff, RoomSummary, TimelineItem } from '../../electron/ipc/contract.js';
import { ENCRYPTED_READ_ONLY } from '../../electron/core/rooms/RoomsService.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';
import { timelineFromEvents } from '../support/timelineFromEvents.js';

let hs: Homeserver | undefined;
const apps: CoreUnderTest[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await hs?.close();
  hs = undefined;
});

async function signedIn(server: Homeserver, user: string): Promise<CoreUnderTest> {
  const app = await startCore();
  apps.push(app);
  await app.core.handlers.discover({ server: server.baseUrl });
  await app.core.handlers.loginWithPassword({ identifier: user, password: `${user}-pw` });
  // The first sync is in when the whole list arrives.
  await app.waitFor('roomList', (d) => d.op === 'reset');
  return app;
}

async function world() {
  hs = await startHomeserver({
    users: [
      { localpart: 'alice', password: 'alice-pw', displayName: 'Alice' },
      { localpart: 'bob', password: 'bob-pw', displayName: 'Bob' },
    ],
  });
  const alice = await signedIn(hs, 'alice');
  const bob = await signedIn(hs, 'bob');
  return { hs, alice, bob };
}

/** The app's room list as the window would hold it after every event so far. */
function roomList(app: CoreUnderTest): Map<string, RoomSummary> {
  const rooms = new Map<string, RoomSummary>();
  for (const e of app.events) {
    if (e.name !== 'roomList') continue;
    const diff = e.payload as RoomListDiff;
    if (diff.op === 'reset') {
      rooms.clear();
      for (const r of diff.rooms) rooms.set(r.roomId, r);
    } else {
      for (const r of diff.upsert) rooms.set(r.roomId, r);
      for (const id of diff.remove) rooms.delete(id);
    }
  }
  return rooms;
}

function waitForRoom(
  app: CoreUnderTest,
  check: (rooms: Map<string, RoomSummary>) => boolean,
): Promise<unknown> {
  return app.waitFor('roomList', () => check(roomList(app)));
}

async function openRoom(app: CoreUnderTest, roomId: string) {
  const since = app.events.length;
  const opened = await app.core.handlers.roomOpen({ roomId });
  const items = () => timelineFromEvents(app.events.slice(since), roomId, opened.items);
  return {
    opened,
    items,
    waitUntil: (check: (items: TimelineItem[]) => boolean) =>
      app.waitFor('timeline', () => check(items())),
  };
}

const texts = (items: TimelineItem[]) =>
  items.filter((i) => i.kind === 'text').map((i) => `${i.senderName}: ${i.text}`);

describe('rooms and timelines over the SDK sync', () => {
  it('alice starts a DM, bob accepts the invitation, and they write both ways', async () => {
    const { hs, alice, bob } = await world();
    const bobId = hs.userId('bob');
    const { roomId } = await alice.core.handlers.roomCreate({
      name: '',
      topic: '',
      invite: [bobId],
      direct: true,
      encrypted: false,
      public: false,
    });
    await waitForRoom(bob, (rooms) => rooms.get(roomId)?.membership === 'invite');
    const invite = roomList(bob).get(roomId)!;
    expect(invite).toMatchObject({ isDirect: true, inviter: hs.userId('alice') });
    // alice's side is a DM too (m.direct), named after bob as the spec computes it.
    await waitForRoom(alice, (rooms) => rooms.get(roomId)?.isDirect === true);
    expect(roomList(alice).get(roomId)!.name).toBe('Bob');

    await bob.core.handlers.roomJoin({ target: roomId });
    await waitForRoom(bob, (rooms) => rooms.get(roomId)?.membership === 'join');
    expect(hs.membership(roomId, 'bob')).toBe('join');

    const a = await openRoom(alice, roomId);
    const b = await openRoom(bob, roomId);
    expect(a.opened.readOnlyReason).toBeNull();
    const echo = await alice.core.handlers.roomSend({ roomId, body: 'Hi Bob' });
    expect(echo).toMatchObject({ status: 'sending', text: 'Hi Bob' });
    expect(echo.id.startsWith('~')).toBe(true);
    await b.waitUntil((items) => texts(items).includes('Alice: Hi Bob'));
    await bob.core.handlers.roomSend({ roomId, body: 'Hello Alice' });
    await a.waitUntil((items) => texts(items).includes('Bob: Hello Alice'));
    // alice's echo turned into the real event: one copy, sent, with a server event ID.
    await a.waitUntil((items) => !items.some((i) => i.id === echo.id));
    const mine = a.items().filter((i) => i.text === 'Hi Bob');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'sent' });
    expect(mine[0]!.id.startsWith('$')).toBe(true);
    expect(texts(a.items())).toEqual(['Alice: Hi Bob', 'Bob: Hello Alice']);
    // Membership shows as a quiet line.
    expect(a.items().map((i) => i.text)).toContain('Bob joined');
  });

  it('makes new DMs and private rooms encrypted by default, and read-only without crypto', async () => {
    const { hs, alice } = await world();
    const { roomId } = await alice.core.handlers.roomCreate({
      name: 'Secrets',
      topic: '',
      invite: [],
      direct: false,
      encrypted: true,
      public: false,
    });
    const encryption = hs.roomEvents(roomId).find((e) => e.type === 'm.room.encryption');
    expect(encryption?.content).toEqual({ algorithm: 'm.megolm.v1.aes-sha2' });
    await waitForRoom(alice, (rooms) => rooms.get(roomId)?.encrypted === true);
    const opened = await alice.core.handlers.roomOpen({ roomId });
    expect(opened.readOnlyReason).toBe(ENCRYPTED_READ_ONLY);
    await expect(alice.core.handlers.roomSend({ roomId, body: 'plaintext?' })).rejects.toThrow(
      /end-to-end encrypted/,
    );
    expect(hs.roomEvents(roomId).some((e) => e.type === 'm.room.message')).toBe(false);
  });

  it('pages back through the history to the room creation, in order', async () => {
    const { hs, alice } = await world();
    const roomId = hs.createRoom('alice', { name: 'History' });
    for (let i = 1; i <= 75; i++)
      hs.sendEvent('alice', roomId, 'm.room.message', { msgtype: 'm.text', body: `m${i}` });
    await waitForRoom(alice, (rooms) => rooms.get(roomId)?.preview === 'm75');
    const room = await openRoom(alice, roomId);
    expect(room.opened.hasMoreBefore).toBe(true);
    expect(room.opened.items.length).toBeLessThanOrEqual(20);
    let items = room.opened.items;
    let more = room.opened.hasMoreBefore;
    let pages = 0;
    while (more) {
      const older = await alice.core.handlers.roomPaginate({ roomId });
      items = [...older.items, ...items];
      more = older.hasMoreBefore;
      if (++pages > 10) throw new Error('pagination does not end');
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    const bodies = items.filter((i) => i.kind === 'text').map((i) => i.text);
    expect(bodies).toEqual(Array.from({ length: 75 }, (_, i) => `m${i + 1}`));
    expect(items[0]!.kind).toBe('created');
  });

  it('shows a send that failed as not sent, naming the server, and retries it once', async () => {
    const { hs, alice } = await world();
    const roomId = hs.createRoom('alice', { name: 'Flaky' });
    await waitForRoom(alice, (rooms) => rooms.has(roomId));
    const room = await openRoom(alice, roomId);
    hs.failNext(1, { status: 500, path: '/send/{eventType}/{txnId}' });
    const echo = await alice.core.handlers.roomSend({ roomId, body: 'try me' });
    await room.waitUntil((items) => items.some((i) => i.id === echo.id && i.status === 'failed'));
    const failed = room.items().find((i) => i.id === echo.id)!;
    expect(failed.error).toContain(new URL(hs.baseUrl).host);
    expect(failed.error).toContain('HTTP 500');
    expect(hs.roomEvents(roomId).filter((e) => e.type === 'm.room.message')).toHaveLength(0);

    await alice.core.handlers.roomRetry({ roomId, localId: echo.id });
    await room.waitUntil(
      (items) => !items.some((i) => i.id === echo.id) && texts(items).includes('Alice: try me'),
    );
    expect(hs.roomEvents(roomId).filter((e) => e.type === 'm.room.message')).toHaveLength(1);
  });

  it('invites, declines, joins by alias and leaves, each seen in the room list', async () => {
    const { hs, alice, bob } = await world();
    const roomId = hs.createRoom('alice', { name: 'Plans' });
    await waitForRoom(alice, (rooms) => rooms.has(roomId));
    await alice.core.handlers.roomInvite({ roomId, userId: hs.userId('bob') });
    await waitForRoom(bob, (rooms) => rooms.get(roomId)?.membership === 'invite');
    expect(roomList(bob).get(roomId)!.name).toBe('Plans');
    await bob.core.handlers.roomLeave({ roomId });
    await waitForRoom(bob, (rooms) => !rooms.has(roomId));
    expect(hs.membership(roomId, 'bob')).toBe('leave');

    hs.createRoom('alice', { preset: 'public_chat', room_alias_name: 'lobby', name: 'Lobby' });
    const link = `https://matrix.to/#/${encodeURIComponent(`#lobby:${hs.serverName}`)}`;
    const joined = await bob.core.handlers.roomJoin({ target: link });
    await waitForRoom(bob, (rooms) => rooms.get(joined.roomId)?.name === 'Lobby');
    await bob.core.handlers.roomLeave({ roomId: joined.roomId });
    await waitForRoom(bob, (rooms) => !rooms.has(joined.roomId));
  });

  it('counts unread messages and clears them when marked read', async () => {
    const { hs, alice, bob } = await world();
    const roomId = hs.createRoom('alice', { preset: 'public_chat', name: 'Busy' });
    hs.joinRoom('bob', roomId);
    await waitForRoom(alice, (rooms) => rooms.has(roomId));
    hs.sendEvent('bob', roomId, 'm.room.message', { msgtype: 'm.text', body: 'one' });
    hs.sendEvent('bob', roomId, 'm.room.message', { msgtype: 'm.text', body: 'two' });
    await waitForRoom(alice, (rooms) => rooms.get(roomId)?.unread === 2);
    await alice.core.handlers.roomMarkRead({ roomId });
    await waitForRoom(alice, (rooms) => rooms.get(roomId)?.unread === 0);
    expect(hs.getAccountData('alice', 'm.fully_read', roomId)).toBeDefined();
    void bob;
  });

  it('shows formatted bodies as allow-listed nodes, edits and replies as such', async () => {
    const { hs, alice } = await world();
    const roomId = hs.createRoom('alice', { preset: 'public_chat', name: 'Styles' });
    hs.joinRoom('bob', roomId);
    const original = hs.sendEvent('bob', roomId, 'm.room.message', {
      msgtype: 'm.text',
      body: 'bold link',
      format: 'org.matrix.custom.html',
      formatted_body:
        '<b onclick="steal()">bold</b> <a href="javascript:alert(1)">link</a><script>x()</script>',
    });
    hs.sendEvent('bob', roomId, 'm.room.message', {
      msgtype: 'm.text',
      body: '* fixed',
      'm.new_content': { msgtype: 'm.text', body: 'fixed' },
      'm.relates_to': { rel_type: 'm.replace', event_id: original },
    });
    hs.sendEvent('bob', roomId, 'm.room.message', {
      msgtype: 'm.text',
      body: '> <@bob:x> fixed\n\nagreed',
      'm.relates_to': { 'm.in_reply_to': { event_id: original } },
    });
    hs.sendEvent('bob', roomId, 'm.room.message', {
      msgtype: 'm.text',
      body: 'styled',
      format: 'org.matrix.custom.html',
      formatted_body:
        '<b onclick="steal()">bold</b> <a href="javascript:alert(1)">link</a><script>x()</script>',
    });
    hs.sendEvent('bob', roomId, 'm.room.message', {
      msgtype: 'm.file',
      body: 'report.pdf',
      url: 'mxc://example.org/abc',
      info: { size: 1234, mimetype: 'application/pdf' },
    });
    await waitForRoom(alice, (rooms) => rooms.get(roomId)?.preview === 'report.pdf');
    const { items } = await alice.core.handlers.roomOpen({ roomId });
    const edited = items.find((i) => i.id === original)!;
    expect(edited).toMatchObject({ text: 'fixed', edited: true, rich: null });
    const reply = items.find((i) => i.text === 'agreed')!;
    expect(reply.replyTo).toMatchObject({
      eventId: original,
      senderName: 'Bob',
      // The quote shows the original as it reads now: edited.
      text: 'fixed',
    });
    const styled = items.find((i) => i.text === 'styled')!;
    expect(styled.rich).toEqual([
      { tag: 'b', children: ['bold'] },
      ' ',
      { tag: 'a', children: ['link'] },
    ]);
    const file = items.find((i) => i.kind === 'file')!;
    expect(file.file).toEqual({ name: 'report.pdf', size: 1234, mimetype: 'application/pdf' });
    expect(JSON.stringify(items)).not.toContain('mxc://');
    // Only one item for the edit (the edit itself is not shown).
    expect(items.filter((i) => i.text.includes('fixed'))).toHaveLength(1);
  });
});
