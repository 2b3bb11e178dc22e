/**
 * One timeline event as the window shows it. Messages keep their text (and a sanitised tree of
 * their formatted body); files and images become a name and a size (media needs the access
 * token, which stays in main: core/media/ downloads a file when the window asks, by event);
 * replies lose their quoted fallback and point at the original; membership, name and topic
 * changes become a quiet sentence; encrypted events are shown decrypted, or say why they cannot
 * be read (undecryptableText.ts). Edits are not items: they change the item they edit (see
 * `editTarget`).
 */
import type { MatrixEvent, Room } from 'matrix-js-sdk';
import { checkedMxc } from '../media/mxcUri.js';
import { richToText, sanitiseFormattedBody } from './richText.js';
import { initials } from './initials.js';
import type { TimelineItem } from './roomTypes.js';
import { undecryptableText } from './undecryptableText.js';

const MAX_TEXT = 16 * 1024;
const HTML_FORMAT = 'org.matrix.custom.html';

type Content = Record<string, unknown>;

/** Events that are not shown as items of their own. */
export function isHidden(event: MatrixEvent): boolean {
  const type = event.getType();
  if (editTarget(event)) return true;
  if (event.isState() && !VISIBLE_STATE.has(type)) return true;
  return !event.isState() && !VISIBLE_MESSAGES.has(type);
}

const VISIBLE_STATE = new Set([
  'm.room.member',
  'm.room.name',
  'm.room.topic',
  'm.room.create',
  // An invitation by email or phone: without it the inviter never sees that it went out.
  'm.room.third_party_invite',
]);
const VISIBLE_MESSAGES = new Set(['m.room.message', 'm.room.encrypted', 'm.sticker']);

/** The event an edit (m.replace) replaces, or null when it is no edit. */
export function editTarget(event: MatrixEvent): string | null {
  const relates = event.getContent()['m.relates_to'] as Content | undefined;
  if (relates?.rel_type !== 'm.replace' || typeof relates.event_id !== 'string') return null;
  return relates.event_id;
}

export function senderName(room: Room, userId: string): string {
  return room.getMember(userId)?.name ?? userId;
}

/**
 * Who sent an item, as its header shows them: name, avatar in this room (member state, when it
 * is a valid mxc URI) and the placeholder's initials. Timeline events and local echoes alike.
 */
export function senderFields(
  room: Room,
  userId: string,
): Pick<TimelineItem, 'sender' | 'senderName' | 'senderAvatarMxc' | 'senderInitials'> {
  const name = senderName(room, userId);
  return {
    sender: userId,
    senderName: name,
    senderAvatarMxc: checkedMxc(room.getMember(userId)?.getMxcAvatarUrl()),
    senderInitials: initials(name),
  };
}

/**
 * `edit`: the latest valid edit of this event (same sender), whose m.new_content is shown
 * instead of the original's content.
 */
export function toTimelineItem(
  room: Room,
  event: MatrixEvent,
  edit: MatrixEvent | null = null,
): TimelineItem {
  const sender = event.getSender() ?? '';
  const base: TimelineItem = {
    id: event.getId() ?? `~${event.getTxnId() ?? ''}`,
    kind: 'other',
    ...senderFields(room, sender),
    ts: event.getTs(),
    text: '',
    rich: null,
    file: null,
    replyTo: null,
    edited: false,
    status: 'sent',
    error: null,
  };
  if (event.isRedacted()) return { ...base, kind: 'deleted', text: 'Message deleted' };
  // The SDK turns an event it could not decrypt into an m.room.message of its own wording
  // ("** Unable to decrypt: ... **"): say why in words instead.
  if (event.isDecryptionFailure()) {
    return {
      ...base,
      kind: 'encrypted',
      text: undecryptableText(event, room.client.getCrypto() !== undefined),
    };
  }
  const type = event.getType();
  const content = event.getContent();
  switch (type) {
    case 'm.room.message':
    case 'm.sticker': {
      const newContent = edit?.getContent()['m.new_content'] as Content | undefined;
      const shown = newContent && typeof newContent === 'object' ? newContent : content;
      return {
        ...base,
        ...messageParts(type === 'm.sticker' ? { ...shown, msgtype: 'm.image' } : shown),
        // The original content: an edit (m.new_content) does not repeat the reply relation.
        replyTo: replyOf(room, event.getOriginalContent()),
        // The SDK may have applied an edit it aggregated itself (content already replaced).
        edited: Boolean(newContent) || event.replacingEvent() !== null,
      };
    }
    case 'm.room.encrypted':
      // Still encrypted: being decrypted, or why it cannot be (a decrypted event has the
      // type of its clear content and is shown as that).
      return {
        ...base,
        kind: 'encrypted',
        text: undecryptableText(event, room.client.getCrypto() !== undefined),
      };
    case 'm.room.member':
      return { ...base, kind: 'membership', text: membershipSentence(room, event) };
    case 'm.room.third_party_invite': {
      // display_name is what the identity server chose to show of the address (Sydent masks
      // it: "c...@example.org"); an emptied event withdraws the invitation.
      const shown = typeof content.display_name === 'string' ? clip(content.display_name, 255) : '';
      return {
        ...base,
        kind: 'membership',
        text: shown
          ? `${base.senderName} invited ${shown} by email or phone`
          : `${base.senderName} withdrew an invitation by email or phone`,
      };
    }
    case 'm.room.name': {
      const name = typeof content.name === 'string' ? clip(content.name) : '';
      return {
        ...base,
        kind: 'roomName',
        text: name
          ? `${base.senderName} named the room ${name}`
          : `${base.senderName} removed the room name`,
      };
    }
    case 'm.room.topic': {
      const topic = typeof content.topic === 'string' ? clip(content.topic) : '';
      return {
        ...base,
        kind: 'topic',
        text: topic
          ? `${base.senderName} set the topic: ${topic}`
          : `${base.senderName} removed the topic`,
      };
    }
    case 'm.room.create':
      return { ...base, kind: 'created', text: `${base.senderName} created the room` };
    default:
      return { ...base, text: `Unsupported event ${clip(type, 100)}` };
  }
}

function messageParts(content: Content): Pick<TimelineItem, 'kind' | 'text' | 'rich' | 'file'> {
  const msgtype = typeof content.msgtype === 'string' ? content.msgtype : '';
  const body = typeof content.body === 'string' ? content.body : '';
  switch (msgtype) {
    case 'm.image':
    case 'm.file':
    case 'm.video':
    case 'm.audio': {
      const info = (content.info ?? {}) as Content;
      const name =
        typeof content.filename === 'string' && content.filename ? content.filename : body;
      return {
        kind: msgtype === 'm.image' ? 'image' : 'file',
        text: clip(name || 'file', 255),
        rich: null,
        file: {
          name: clip(name || 'file', 255),
          size: typeof info.size === 'number' && info.size >= 0 ? info.size : null,
          mimetype: typeof info.mimetype === 'string' ? clip(info.mimetype, 255) : null,
        },
      };
    }
    default: {
      const kind = msgtype === 'm.notice' ? 'notice' : msgtype === 'm.emote' ? 'emote' : 'text';
      const rich =
        content.format === HTML_FORMAT && typeof content.formatted_body === 'string'
          ? sanitiseFormattedBody(content.formatted_body)
          : null;
      const text = stripReplyFallback(body);
      return { kind, text: clip(text), rich: rich && rich.length > 0 ? rich : null, file: null };
    }
  }
}

function replyOf(room: Room, content: Content): TimelineItem['replyTo'] {
  const relates = content['m.relates_to'] as Content | undefined;
  const inReplyTo = relates?.['m.in_reply_to'] as Content | undefined;
  const eventId = inReplyTo?.event_id;
  if (typeof eventId !== 'string') return null;
  const original = room.findEventById(eventId);
  if (!original) return { eventId, senderName: null, text: null };
  const originalContent = original.getContent();
  const text =
    originalContent.format === HTML_FORMAT && typeof originalContent.formatted_body === 'string'
      ? richToText(sanitiseFormattedBody(originalContent.formatted_body))
      : typeof originalContent.body === 'string'
        ? stripReplyFallback(originalContent.body)
        : null;
  return {
    eventId,
    senderName: senderName(room, original.getSender() ?? ''),
    text: text === null ? null : clip(text, 200),
  };
}

/** The spec's reply fallback: leading "> " lines, then an empty line. */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith('> ')) return body;
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('>')) i++;
  if (lines[i] === '') i++;
  return lines.slice(i).join('\n');
}

function membershipSentence(room: Room, event: MatrixEvent): string {
  const content = event.getContent();
  const prev = event.getPrevContent();
  const target = event.getStateKey() ?? '';
  const actor = senderName(room, event.getSender() ?? '');
  const who =
    typeof content.displayname === 'string' && content.displayname
      ? clip(content.displayname, 255)
      : senderName(room, target);
  switch (content.membership) {
    case 'join':
      if (prev.membership === 'join') {
        return prev.displayname !== content.displayname
          ? `${clip(String(prev.displayname ?? target), 255)} is now ${who}`
          : `${who} updated their profile`;
      }
      return `${who} joined`;
    case 'invite':
      return `${actor} invited ${who}`;
    case 'leave':
      if (event.getSender() !== target) return `${actor} removed ${senderName(room, target)}`;
      return prev.membership === 'invite'
        ? `${senderName(room, target)} declined the invitation`
        : `${senderName(room, target)} left`;
    case 'ban':
      return `${actor} banned ${senderName(room, target)}`;
    case 'knock':
      return `${who} asked to join`;
    default:
      return `${who} changed membership`;
  }
}

function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
