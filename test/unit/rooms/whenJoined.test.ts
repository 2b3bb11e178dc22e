/**
 * whenJoined: a create or join answers once the sync has the room as joined, and not later than
 * its bound when the sync never brings it (the room then shows up in the list when it does).
 */
import { EventEmitter } from 'node:events';
import { ClientEvent, RoomEvent, type MatrixClient } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { JOINED_ROOM_WAIT_MS, whenJoined } from '../../../electron/core/rooms/whenJoined.js';
import { createTestClock } from '../../node-platform/testClock.js';

/** The client as whenJoined sees it: its rooms, and the events the sync emits. */
function fakeClient() {
  const rooms = new Map<string, { getMyMembership(): string }>();
  const client = Object.assign(new EventEmitter(), {
    getRoom: (roomId: string) => rooms.get(roomId) ?? null,
  });
  return {
    client: client as unknown as MatrixClient,
    listeners: () =>
      client.listenerCount(ClientEvent.Room) + client.listenerCount(RoomEvent.MyMembership),
    /** The sync stores a room the user is in, or changes the membership of a known one. */
    sync(roomId: string, membership: string, event: ClientEvent.Room | RoomEvent.MyMembership) {
      const room = { getMyMembership: () => membership };
      rooms.set(roomId, room);
      client.emit(event, room);
    },
  };
}

describe('whenJoined', () => {
  it('answers at once for a room already joined here', async () => {
    const fake = fakeClient();
    fake.sync('!a:hs', 'join', ClientEvent.Room);
    await expect(whenJoined(fake.client, '!a:hs', createTestClock())).resolves.toBe(true);
  });

  it('answers when the sync brings the new room, or the join of an invitation', async () => {
    const fake = fakeClient();
    const clock = createTestClock();
    const created = whenJoined(fake.client, '!new:hs', clock);
    fake.sync('!other:hs', 'join', ClientEvent.Room);
    fake.sync('!new:hs', 'join', ClientEvent.Room);
    await expect(created).resolves.toBe(true);

    fake.sync('!inv:hs', 'invite', ClientEvent.Room);
    const joined = whenJoined(fake.client, '!inv:hs', clock);
    fake.sync('!inv:hs', 'join', RoomEvent.MyMembership);
    await expect(joined).resolves.toBe(true);
    expect(fake.listeners()).toBe(0);
  });

  it('gives up after its bound when the sync never brings the room, and stops listening', async () => {
    const fake = fakeClient();
    const clock = createTestClock();
    let result: boolean | undefined;
    const waiting = whenJoined(fake.client, '!slow:hs', clock).then((r) => (result = r));
    await clock.advance(JOINED_ROOM_WAIT_MS - 1);
    expect(result).toBeUndefined();
    await clock.advance(1);
    await waiting;
    expect(result).toBe(false);
    expect(fake.listeners()).toBe(0);
  });
});
