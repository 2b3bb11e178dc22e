/**
 * Messages on their way: each is shown at once as a local echo ("sending"), sent with
 * PUT /rooms/{id}/send/{type}/{txnId}, and then either replaced by the real event when the sync
 * brings it, or marked "not sent" with the reason, to be retried with the same transaction ID
 * (the server stores a retried send once).
 *
 * Not the SDK's sendEvent: its scheduler retries failures by itself on global timers for up to
 * half a minute before it says anything, and the user is meant to see a failure and decide.
 */
import { Method, type MatrixClient } from 'matrix-js-sdk';
import { UserFacingError } from '../UserFacingError.js';
import { describeRoomError } from './roomErrors.js';
import type { TimelineDiff, TimelineItem } from './roomTypes.js';
import { senderName } from './timelineItem.js';

interface Pending {
  txnId: string;
  roomId: string;
  content: Record<string, unknown>;
  item: TimelineItem;
  /** Set once the server has the event; the echo goes when the sync brings it. */
  eventId: string | null;
}

export class Outbox {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly client: MatrixClient,
    private readonly server: string,
    private readonly emit: (diff: TimelineDiff) => void,
  ) {}

  /** The local echoes of a room, oldest first. */
  itemsOf(roomId: string): TimelineItem[] {
    return [...this.pending.values()].filter((p) => p.roomId === roomId).map((p) => p.item);
  }

  send(roomId: string, body: string): TimelineItem {
    const room = this.client.getRoom(roomId);
    if (!room) throw new UserFacingError('ROOM_UNKNOWN', 'This room is not known to the app.');
    const txnId = this.client.makeTxnId();
    const me = this.client.getSafeUserId();
    const content = { msgtype: 'm.text', body };
    const item: TimelineItem = {
      id: `~${txnId}`,
      kind: 'text',
      sender: me,
      senderName: senderName(room, me),
      ts: Date.now(),
      text: body,
      rich: null,
      file: null,
      replyTo: null,
      edited: false,
      status: 'sending',
      error: null,
    };
    this.pending.set(item.id, { txnId, roomId, content, item, eventId: null });
    this.emit({ roomId, op: 'append', items: [item] });
    void this.transmit(item.id);
    return item;
  }

  retry(roomId: string, localId: string): void {
    const entry = this.pending.get(localId);
    if (!entry || entry.roomId !== roomId) {
      throw new UserFacingError('MESSAGE_UNKNOWN', 'That message is no longer waiting to be sent.');
    }
    if (entry.item.status !== 'failed') return;
    this.update(entry, { status: 'sending', error: null });
    void this.transmit(localId);
  }

  /** The sync brought an event: if it is one of ours, its echo goes. */
  arrived(roomId: string, eventId: string): void {
    for (const [id, entry] of this.pending) {
      if (entry.roomId === roomId && entry.eventId === eventId) {
        this.pending.delete(id);
        this.emit({ roomId, op: 'remove', ids: [id] });
      }
    }
  }

  private async transmit(localId: string): Promise<void> {
    const entry = this.pending.get(localId);
    if (!entry) return;
    const path = `/rooms/${encodeURIComponent(entry.roomId)}/send/m.room.message/${encodeURIComponent(entry.txnId)}`;
    try {
      const answer = await this.client.http.authedRequest<{ event_id?: unknown }>(
        Method.Put,
        path,
        undefined,
        entry.content,
      );
      if (typeof answer.event_id !== 'string') throw new SyntaxError('no event_id in the answer');
      entry.eventId = answer.event_id;
      // The sync may have brought it before the answer came.
      const room = this.client.getRoom(entry.roomId);
      if (
        room
          ?.getLiveTimeline()
          .getEvents()
          .some((e) => e.getId() === entry.eventId)
      ) {
        this.arrived(entry.roomId, entry.eventId);
      }
    } catch (error) {
      const reason = describeRoomError(error, this.server, 'sending the message').message;
      this.update(entry, { status: 'failed', error: reason });
    }
  }

  private update(entry: Pending, change: Partial<TimelineItem>): void {
    entry.item = { ...entry.item, ...change };
    this.emit({ roomId: entry.roomId, op: 'update', items: [entry.item] });
  }
}
