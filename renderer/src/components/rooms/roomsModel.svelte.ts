/**
 * The window's copy of the room list and of the open room's timeline: main's `roomList` and
 * `timeline` diffs applied to what the commands answered. No Matrix logic: names, counts, text
 * and the sanitised trees all come from main; this only orders and filters for display.
 */
import type { Api } from '../../lib/api';
import type {
  OpenedRoom,
  RoomListDiff,
  RoomSummary,
  TimelineDiff,
  TimelineItem,
} from '../../lib/contract';
import { Task } from '../../lib/task.svelte';

export class RoomsModel {
  rooms = $state<Record<string, RoomSummary>>({});
  loaded = $state(false);
  search = $state('');
  openRoomId = $state<string | null>(null);
  opened = $state<OpenedRoom | null>(null);
  items = $state<TimelineItem[]>([]);
  hasMoreBefore = $state(false);
  readonly loadingOlder = new Task();
  readonly opening = new Task();

  /** Invitations first (newest first), then rooms by last activity; the search filters both. */
  readonly invites = $derived(this.#sorted('invite'));
  readonly joined = $derived(this.#sorted('join'));

  /** Sent items in order, then the ones still on their way (they stay at the bottom). */
  readonly shownItems = $derived([
    ...this.items.filter((i) => i.status === 'sent'),
    ...this.items.filter((i) => i.status !== 'sent'),
  ]);

  #api: Api | null = null;

  connect(api: Api): () => void {
    this.#api = api;
    const offList = api.on('roomList', (diff) => this.#applyList(diff));
    const offTimeline = api.on('timeline', (diff) => this.#applyTimeline(diff));
    void api.invoke('roomList', {}).then((result) => {
      if (!result.ok) return;
      // Events may have come first; they are newer, so keep them over the snapshot.
      const rooms = Object.fromEntries(result.value.rooms.map((r) => [r.roomId, r]));
      this.rooms = { ...rooms, ...this.rooms };
      this.loaded = true;
    });
    return () => {
      offList();
      offTimeline();
      if (this.openRoomId) void api.invoke('roomClose', {});
      this.#api = null;
    };
  }

  async open(roomId: string): Promise<void> {
    const api = this.#api;
    if (!api) return;
    this.openRoomId = roomId;
    this.opened = null;
    this.items = [];
    const result = await this.opening.run(() => api.invoke('roomOpen', { roomId }));
    if (!result || this.openRoomId !== roomId) return;
    this.opened = result.value;
    this.items = result.value.items;
    this.hasMoreBefore = result.value.hasMoreBefore;
    void api.invoke('roomMarkRead', { roomId });
  }

  close(): void {
    this.openRoomId = null;
    this.opened = null;
    this.items = [];
    void this.#api?.invoke('roomClose', {});
  }

  async loadOlder(): Promise<void> {
    const api = this.#api;
    const roomId = this.openRoomId;
    if (!api || !roomId || !this.hasMoreBefore || this.loadingOlder.pending) return;
    const result = await this.loadingOlder.run(() => api.invoke('roomPaginate', { roomId }));
    if (!result || this.openRoomId !== roomId) return;
    const known = this.items.map((i) => i.id);
    this.items = [...result.value.items.filter((i) => !known.includes(i.id)), ...this.items];
    this.hasMoreBefore = result.value.hasMoreBefore;
  }

  #sorted(membership: RoomSummary['membership']): RoomSummary[] {
    const query = this.search.trim().toLowerCase();
    return Object.values(this.rooms)
      .filter((r) => r.membership === membership)
      .filter((r) => !query || r.name.toLowerCase().includes(query))
      .sort((a, b) => b.lastActivity - a.lastActivity || a.name.localeCompare(b.name));
  }

  #applyList(diff: RoomListDiff): void {
    if (diff.op === 'reset') {
      this.rooms = Object.fromEntries(diff.rooms.map((r) => [r.roomId, r]));
      this.loaded = true;
    } else {
      const next = { ...this.rooms };
      for (const room of diff.upsert) next[room.roomId] = room;
      for (const id of diff.remove) delete next[id];
      this.rooms = next;
    }
    if (this.openRoomId && this.rooms[this.openRoomId]?.membership !== 'join' && this.loaded) {
      // Left (here or elsewhere): nothing to show any more.
      if (!this.rooms[this.openRoomId]) this.close();
    }
  }

  #applyTimeline(diff: TimelineDiff): void {
    if (diff.roomId !== this.openRoomId || !this.opened) return;
    switch (diff.op) {
      case 'reset':
        this.items = diff.items;
        this.hasMoreBefore = diff.hasMoreBefore;
        break;
      case 'append': {
        const known = this.items.map((i) => i.id);
        this.items = [...this.items, ...diff.items.filter((i) => !known.includes(i.id))];
        if (diff.items.some((i) => i.status === 'sent')) {
          void this.#api?.invoke('roomMarkRead', { roomId: diff.roomId });
        }
        break;
      }
      case 'update':
        this.items = this.items.map((i) => diff.items.find((u) => u.id === i.id) ?? i);
        break;
      case 'remove':
        this.items = this.items.filter((i) => !diff.ids.includes(i.id));
        break;
    }
  }
}
