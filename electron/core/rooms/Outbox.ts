/**
 * Messages on their way: each is shown at once as a local echo ("sending"), sent with
 * PUT /rooms/{id}/send/{type}/{txnId}, and then either replaced by the real event when the sync
 * brings it, or marked "not sent" with the reason, to be retried with the same transaction ID
 * (the server stores a retried send once).
 *
 * Not the SDK's sendEvent: its scheduler retries failures by itself on global timers for up to
 * half a minute before it says anything, and the user is meant to see a failure and decide.
 * In an encrypted room the content is encrypted first by the session's Rust crypto (its
 * encryptEvent: room key shared with the members' devices over to-device messages, then the
 * Megolm ciphertext), and sent as m.room.encrypted; once encrypted, a retry sends the same
 * ciphertext with the same transaction ID.
 */
import { MatrixEvent, Method, type MatrixClient } from 'matrix-js-sdk';
import type { CryptoBackend } from 'matrix-js-sdk/lib/common-crypto/CryptoBackend.js';
import { UserFacingError } from '../UserFacingError.js';
import { describeRoomError } from './roomErrors.js';
import type { TimelineDiff, TimelineItem } from './roomTypes.js';
import { senderFields } from './timelineItem.js';

interface Pending {
  txnId: string;
  roomId: string;
  content: Record<string, unknown>;
  item: TimelineItem;
  /** Set once the server has the event; the echo goes when the sync brings it. */
  eventId: string | null;
  /** What goes on the wire: the content as is, or its encryption once made. */
  wire: { type: string; content: Record<string, unknown> } | null;
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
      ...senderFields(room, me),
      ts: Date.now(),
      text: body,
      rich: null,
      file: null,
      replyTo: null,
      edited: false,
      status: 'sending',
      error: null,
    };
    this.pending.set(item.id, { txnId, roomId, content, item, eventId: null, wire: null });
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
    try {
      entry.wire ??= await this.wireEvent(entry);
      const path = `/rooms/${encodeURIComponent(entry.roomId)}/send/${encodeURIComponent(entry.wire.type)}/${encodeURIComponent(entry.txnId)}`;
      const answer = await this.client.http.authedRequest<{ event_id?: unknown }>(
        Method.Put,
        path,
        undefined,
        entry.wire.content,
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

  /** The message as sent: encrypted in an encrypted room (never in clear there). */
  private async wireEvent(entry: Pending): Promise<NonNullable<Pending['wire']>> {
    const room = this.client.getRoom(entry.roomId);
    if (!room?.hasEncryptionStateEvent()) return { type: 'm.room.message', content: entry.content };
    // getCrypto() is the session's Rust crypto, which is the SDK's CryptoBackend.
    const crypto = this.client.getCrypto() as CryptoBackend | undefined;
    if (!crypto) {
      throw new UserFacingError(
        'ROOM_READ_ONLY',
        'This room is end-to-end encrypted and encryption is not running on this device.',
      );
    }
    const event = new MatrixEvent({
      type: 'm.room.message',
      content: entry.content,
      room_id: entry.roomId,
      sender: this.client.getSafeUserId(),
      event_id: `~${entry.txnId}`,
    });
    await crypto.encryptEvent(event, room);
    return { type: event.getWireType(), content: event.getWireContent() };
  }

  private update(entry: Pending, change: Partial<TimelineItem>): void {
    entry.item = { ...entry.item, ...change };
    this.emit({ roomId: entry.roomId, op: 'update', items: [entry.item] });
  }
}
