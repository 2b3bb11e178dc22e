/**
 * The room list as events for the window: the whole list when the first sync is in (and on
 * request), then, after each sync, only the rooms that changed and the ones that went away. An
 * account in thousands of rooms thus costs one big message at start and small ones afterwards.
 */
import {
  ClientEvent,
  EventType,
  MatrixEventEvent,
  RoomEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import { directRoomIds, toRoomSummary } from './roomSummary.js';
import type { RoomListDiff, RoomSummary } from './roomTypes.js';

export class RoomListFeed {
  /**
   * What the window was last told, per room, to send only real changes: a hash of the summary
   * (a number, not the summary: thousands of rooms should cost little memory here).
   */
  private readonly sent = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private everything = false;
  private started = false;

  constructor(
    private readonly client: MatrixClient,
    private readonly emit: (diff: RoomListDiff) => void,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    const c = this.client;
    c.on(ClientEvent.Sync, this.onSync);
    c.on(ClientEvent.Room, this.onRoom);
    c.on(ClientEvent.DeleteRoom, this.onRoomId);
    c.on(RoomEvent.Timeline, this.onTimeline);
    c.on(RoomEvent.Name, this.onRoom);
    c.on(RoomEvent.MyMembership, this.onRoom);
    c.on(RoomEvent.Receipt, this.onEventRoom);
    c.on(ClientEvent.AccountData, this.onAccountData);
    c.on(MatrixEventEvent.Decrypted, this.onDecrypted);
  }

  stop(): void {
    const c = this.client;
    c.off(ClientEvent.Sync, this.onSync);
    c.off(ClientEvent.Room, this.onRoom);
    c.off(ClientEvent.DeleteRoom, this.onRoomId);
    c.off(RoomEvent.Timeline, this.onTimeline);
    c.off(RoomEvent.Name, this.onRoom);
    c.off(RoomEvent.MyMembership, this.onRoom);
    c.off(RoomEvent.Receipt, this.onEventRoom);
    c.off(ClientEvent.AccountData, this.onAccountData);
    c.off(MatrixEventEvent.Decrypted, this.onDecrypted);
    this.started = false;
  }

  /** The whole list now (the window asks when it loads). */
  snapshot(): RoomSummary[] {
    const direct = directRoomIds(this.client);
    const rooms: RoomSummary[] = [];
    this.sent.clear();
    for (const room of this.client.getRooms()) {
      const summary = toRoomSummary(this.client, room, direct);
      if (!summary) continue;
      rooms.push(summary);
      this.sent.set(room.roomId, hashOf(summary));
    }
    this.dirty.clear();
    this.everything = false;
    return rooms;
  }

  /** Sends what changed since the last flush (called after each sync, and after commands). */
  flush(): void {
    if (this.everything) {
      this.emit({ op: 'reset', rooms: this.snapshot() });
      return;
    }
    if (this.dirty.size === 0) return;
    const direct = directRoomIds(this.client);
    const upsert: RoomSummary[] = [];
    const remove: string[] = [];
    for (const roomId of this.dirty) {
      const room = this.client.getRoom(roomId);
      const summary = room ? toRoomSummary(this.client, room, direct) : null;
      if (!summary) {
        if (this.sent.delete(roomId)) remove.push(roomId);
        continue;
      }
      const hash = hashOf(summary);
      if (this.sent.get(roomId) === hash) continue;
      this.sent.set(roomId, hash);
      upsert.push(summary);
    }
    this.dirty.clear();
    if (upsert.length > 0 || remove.length > 0) this.emit({ op: 'update', upsert, remove });
  }

  private readonly onSync = (state: SyncState): void => {
    // The first sync's rooms go as one list; every later sync sends what changed in it.
    if (state === SyncState.Prepared) this.everything = true;
    if (state === SyncState.Prepared || state === SyncState.Syncing) this.flush();
  };

  private readonly onRoom = (room: Room): void => {
    this.dirty.add(room.roomId);
  };

  private readonly onRoomId = (roomId: string): void => {
    this.dirty.add(roomId);
  };

  private readonly onTimeline = (_event: MatrixEvent, room: Room | undefined): void => {
    if (room) this.dirty.add(room.roomId);
  };

  private readonly onEventRoom = (_event: MatrixEvent, room: Room): void => {
    this.dirty.add(room.roomId);
  };

  /**
   * Decryption ends after the sync that brought the event: the room's preview changes then, so
   * the rooms decrypted in one go are sent together, at the end of the current task.
   */
  private readonly onDecrypted = (event: MatrixEvent): void => {
    const roomId = event.getRoomId();
    if (!roomId || !this.started) return;
    const first = this.dirty.size === 0;
    this.dirty.add(roomId);
    if (first) queueMicrotask(() => this.started && this.flush());
  };

  private readonly onAccountData = (event: MatrixEvent): void => {
    // Which rooms are DMs may have changed: compare them all (cheap next to a render).
    if (event.getType() !== EventType.Direct) return;
    for (const roomId of this.sent.keys()) this.dirty.add(roomId);
  };
}

/** FNV-1a over the summary's JSON: equal summaries, equal hashes (a collision only delays). */
function hashOf(summary: RoomSummary): number {
  const text = JSON.stringify(summary);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
