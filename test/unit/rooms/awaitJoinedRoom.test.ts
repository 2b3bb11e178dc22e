/**
 * awaitJoinedRoom: a new room is waited for until the sync brings it in joined, and no longer
 * than the limit (a stalled sync must not hold "Create" forever). The client is a stand-in with
 * the two events the wait listens to; the clock runs only when the test advances it.
 */
import { EventEmitter } from 'node:events';
import { ClientEvent, KnownMembership, RoomEvent, type MatrixClient } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../electron/core/platform.js';
import { awaitJoinedRoom } from '../../../electron/core/rooms/awaitJoinedRoom.js';

function manualClock() {
  const timers = new Map<number, () => void>();
  let nextId = 1;
  const clock: Clock & { fireAll(): void; pending(): number } = {
    now: () => 0,
    setTimeout(fn) {
      timers.set(nextId, fn);
      return nextId++;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    fireAll() {
      for (const [id, fn] of [...timers]) {
        timers.delete(id);
        fn();
      }
    },
    pending: () => timers.size,
  };
  return clock;
}

function fakeClient() {
  const rooms = new Map<string, { membership: string }>();
  const emitter = new EventEmitter();
  const client = Object.assign(emitter, {
    getRoom: (roomId: string) => {
      const room = rooms.get(roomId);
      return room ? { roomId, getMyMembership: () => room.membership } : null;
    },
  }) as unknown as MatrixClient;
  return { client, emitter, rooms };
}

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('awaitJoinedRoom', () => {
  it('answers at once for a room already joined', async () => {
    const { client, rooms } = fakeClient();
    rooms.set('!a:x', { membership: KnownMembership.Join });
    const clock = manualClock();
    expect(await settled(awaitJoinedRoom(client, '!a:x', clock, 1000))).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('waits for the sync to bring the room in joined, then stops listening', async () => {
    const { client, emitter, rooms } = fakeClient();
    const clock = manualClock();
    const waiting = awaitJoinedRoom(client, '!a:x', clock, 1000);
    expect(await settled(waiting)).toBe(false);
    // Another room, and this one still invited: not yet.
    rooms.set('!b:x', { membership: KnownMembership.Join });
    emitter.emit(ClientEvent.Room);
    rooms.set('!a:x', { membership: KnownMembership.Invite });
    emitter.emit(ClientEvent.Room);
    expect(await settled(waiting)).toBe(false);
    rooms.set('!a:x', { membership: KnownMembership.Join });
    emitter.emit(RoomEvent.MyMembership);
    expect(await settled(waiting)).toBe(true);
    expect(clock.pending()).toBe(0);
    expect(emitter.listenerCount(ClientEvent.Room)).toBe(0);
    expect(emitter.listenerCount(RoomEvent.MyMembership)).toBe(0);
  });

  it('gives up after the limit when the room never comes', async () => {
    const { client, emitter } = fakeClient();
    const clock = manualClock();
    const waiting = awaitJoinedRoom(client, '!a:x', clock, 1000);
    expect(await settled(waiting)).toBe(false);
    clock.fireAll();
    expect(await settled(waiting)).toBe(true);
    expect(emitter.listenerCount(ClientEvent.Room)).toBe(0);
  });
});
