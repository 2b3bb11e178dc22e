/**
 * Waits until this client's sync holds `roomId` as a room the user has joined. A homeserver
 * answers `/createRoom` and `/join` before its next `/sync` brings the room (a real Synapse
 * does so routinely), and until then the client has no joined room to open: the window, which
 * opens a room as soon as it is created or joined, would be told "You are not in that room".
 * Bounded: when the sync is slow or down, the command ends anyway (the server did what was
 * asked) and the room shows up in the list once the sync brings it.
 */
import { ClientEvent, KnownMembership, RoomEvent, type MatrixClient } from 'matrix-js-sdk';
import type { Clock } from '../platform.js';

/** How long a create or join waits for its room to arrive by sync. */
export const JOINED_ROOM_WAIT_MS = 20_000;

/** Resolves true once the room is joined here, or false after `ms` without it. */
export function whenJoined(
  client: MatrixClient,
  roomId: string,
  clock: Clock,
  ms = JOINED_ROOM_WAIT_MS,
): Promise<boolean> {
  const joined = () => client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join;
  if (joined()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const check = () => {
      if (joined()) done(true);
    };
    const timer = clock.setTimeout(() => done(false), ms);
    // A new room is stored (ClientEvent.Room) after its state is in; a known one (an
    // invitation) changes its membership (RoomEvent.MyMembership).
    client.on(ClientEvent.Room, check);
    client.on(RoomEvent.MyMembership, check);
    function done(result: boolean) {
      clock.clearTimeout(timer);
      client.off(ClientEvent.Room, check);
      client.off(RoomEvent.MyMembership, check);
      resolve(result);
    }
  });
}
