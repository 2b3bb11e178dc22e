/**
 * The timeline of the room the window shows: its items when opened, then each new event, edit,
 * redaction and reset as a diff; older items on request (back-pagination through the SDK, which
 * reads /messages from the live timeline's token). One room is open at a time.
 */
import {
  EventTimeline,
  MatrixEventEvent,
  RoomEvent,
  type IRoomTimelineData,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import type { Outbox } from './Outbox.js';
import type { OlderItems, OpenedRoom, TimelineDiff, TimelineItem } from './roomTypes.js';
import { editTarget, isHidden, toTimelineItem } from './timelineItem.js';

/** Events asked for per back-pagination. */
export const PAGE_SIZE = 30;

export class OpenRoomTimeline {
  /** Target event ID → its latest edit, among the events loaded. */
  private readonly edits = new Map<string, MatrixEvent>();

  constructor(
    private readonly client: MatrixClient,
    private readonly room: Room,
    private readonly outbox: Outbox,
    private readonly emit: (diff: TimelineDiff) => void,
  ) {
    client.on(RoomEvent.Timeline, this.onTimeline);
    client.on(RoomEvent.TimelineReset, this.onReset);
    client.on(RoomEvent.Redaction, this.onRedaction);
    client.on(MatrixEventEvent.Decrypted, this.onDecrypted);
  }

  get roomId(): string {
    return this.room.roomId;
  }

  close(): void {
    this.client.off(RoomEvent.Timeline, this.onTimeline);
    this.client.off(RoomEvent.TimelineReset, this.onReset);
    this.client.off(RoomEvent.Redaction, this.onRedaction);
    this.client.off(MatrixEventEvent.Decrypted, this.onDecrypted);
  }

  opened(readOnlyReason: string | null): OpenedRoom {
    const fullyRead = this.room.getAccountData('m.fully_read')?.getContent().event_id;
    return {
      roomId: this.room.roomId,
      items: [...this.liveItems(), ...this.outbox.itemsOf(this.room.roomId)],
      hasMoreBefore: this.hasMoreBefore(),
      fullyRead: typeof fullyRead === 'string' ? fullyRead : null,
      readOnlyReason,
    };
  }

  async paginate(): Promise<OlderItems> {
    const timeline = this.room.getLiveTimeline();
    const before = timeline.getEvents().length;
    if (this.hasMoreBefore()) await this.client.scrollback(this.room, PAGE_SIZE);
    const events = timeline.getEvents();
    const older = events.slice(0, Math.max(0, events.length - before));
    for (const event of older) this.noteEdit(event);
    return {
      items: older.filter((e) => !isHidden(e)).map((e) => this.item(e)),
      hasMoreBefore: this.hasMoreBefore(),
    };
  }

  private hasMoreBefore(): boolean {
    const timeline = this.room.getLiveTimeline();
    if (timeline.getEvents().some((e) => e.getType() === 'm.room.create')) return false;
    return timeline.getPaginationToken(EventTimeline.BACKWARDS) !== null;
  }

  private liveItems(): TimelineItem[] {
    const events = this.room.getLiveTimeline().getEvents();
    this.edits.clear();
    for (const event of events) this.noteEdit(event);
    return events.filter((e) => !isHidden(e)).map((e) => this.item(e));
  }

  private item(event: MatrixEvent): TimelineItem {
    return toTimelineItem(this.room, event, this.edits.get(event.getId() ?? '') ?? null);
  }

  /** Remembers an edit if it is a valid one (same sender as the original); its target, or null. */
  private noteEdit(event: MatrixEvent): string | null {
    const target = editTarget(event);
    if (!target) return null;
    const original = this.room.findEventById(target);
    if (original && original.getSender() !== event.getSender()) return null;
    const known = this.edits.get(target);
    if (!known || known.getTs() <= event.getTs()) this.edits.set(target, event);
    return target;
  }

  private readonly onTimeline = (
    event: MatrixEvent,
    room: Room | undefined,
    toStartOfTimeline: boolean | undefined,
    removed: boolean,
    data: IRoomTimelineData,
  ): void => {
    if (room?.roomId !== this.room.roomId || toStartOfTimeline || removed) return;
    if (data.timeline !== room.getLiveTimeline()) return;
    const roomId = this.room.roomId;
    const id = event.getId();
    if (id) this.outbox.arrived(roomId, id);
    const target = this.noteEdit(event);
    if (target) {
      const original = this.room.findEventById(target);
      if (original) this.emit({ roomId, op: 'update', items: [this.item(original)] });
      return;
    }
    if (isHidden(event)) return;
    this.emit({ roomId, op: 'append', items: [this.item(event)] });
  };

  /**
   * An encrypted event of this room was decrypted (or failed to be, with a reason): its item,
   * shown as "decrypting" so far, becomes the message, or an edit of another item, or nothing.
   */
  private readonly onDecrypted = (event: MatrixEvent): void => {
    const roomId = this.room.roomId;
    const id = event.getId();
    if (event.getRoomId() !== roomId || !id) return;
    if (!this.room.getLiveTimeline().getEvents().includes(event)) return;
    const target = this.noteEdit(event);
    if (target) {
      this.emit({ roomId, op: 'remove', ids: [id] });
      const original = this.room.findEventById(target);
      if (original) this.emit({ roomId, op: 'update', items: [this.item(original)] });
      return;
    }
    if (isHidden(event)) this.emit({ roomId, op: 'remove', ids: [id] });
    else this.emit({ roomId, op: 'update', items: [this.item(event)] });
  };

  private readonly onReset = (room: Room | undefined): void => {
    if (room?.roomId !== this.room.roomId) return;
    // A gap (limited sync): the live timeline starts afresh at the newest events.
    this.emit({
      roomId: room.roomId,
      op: 'reset',
      items: [...this.liveItems(), ...this.outbox.itemsOf(room.roomId)],
      hasMoreBefore: this.hasMoreBefore(),
    });
  };

  private readonly onRedaction = (redaction: MatrixEvent, room: Room): void => {
    if (room.roomId !== this.room.roomId) return;
    const target = redaction.event.redacts ?? redaction.getContent().redacts;
    const original = typeof target === 'string' ? room.findEventById(target) : undefined;
    if (original && !isHidden(original)) {
      this.emit({ roomId: room.roomId, op: 'update', items: [this.item(original)] });
    }
  };
}
