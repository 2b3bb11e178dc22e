/**
 * Waits until the client's sync has brought a room in with the user joined. `createRoom`
 * answers with the new room's ID before the room exists in the client, and the window opens the
 * new room at once: opening it then failed with "You are not in that room" whenever the sync
 * was a moment behind. Element waits the same way after creating a room (`awaitRoomDownSync`).
 * Gives up after `ms` (sync stalled or offline): the caller goes on, and opening the room says
 * what it finds.
 */
import { ClientEvent, KnownMembership, RoomEvent, type MatrixClient } from 'matrix-js-sdk';
import type { Clock } from '../platform.js';

export function awaitJoinedRoom(
  client: MatrixClient,
  roomId: string,
  clock: Clock,
  ms: number,
): Promise<void> {
  const joined = () => client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
  if (joined()) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (joined()) done();
    };
    const done = () => {
      clock.clearTimeout(timer);
      client.off(ClientEvent.Room, check);
      client.off(RoomEvent.MyMembership, check);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    client.on(ClientEvent.Room, check);
    client.on(RoomEvent.MyMembership, check);
  });
}
