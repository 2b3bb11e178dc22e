/**
 * What the window knows of rooms and timelines: plain data built in main from the SDK's models.
 * No token, no key, no media URL (media needs the access token: pictures are named by their
 * checked mxc URI, whose bytes the window asks main for), and no markup from a server:
 * formatted bodies arrive as a tree of allow-listed nodes (richText.ts) that the window renders
 * as elements and text, never as HTML.
 */

export interface RoomSummary {
  roomId: string;
  /** The SDK's room.name: the spec's algorithm (name, alias, heroes, "Empty room"). */
  name: string;
  /** Letters for the avatar placeholder, shown until (or instead of) the picture. */
  avatarInitials: string;
  /**
   * The room's picture as the spec computes it: m.room.avatar, or for a DM without one the
   * other member's avatar. A checked mxc URI (core/media/mxcUri.ts) for `mediaThumbnail`.
   */
  avatarMxc: string | null;
  isDirect: boolean;
  membership: 'join' | 'invite';
  /** Who invited the user, for invites. */
  inviter: string | null;
  encrypted: boolean;
  unread: number;
  highlights: number;
  /** ms since epoch of the last event (the sort key: most recent first). */
  lastActivity: number;
  /** The last message in a line, for the list. */
  preview: string | null;
}

/** The room list: the whole list once (reset), then only what changed. */
export type RoomListDiff =
  { op: 'reset'; rooms: RoomSummary[] } | { op: 'update'; upsert: RoomSummary[]; remove: string[] };

export type RichTag =
  | 'b'
  | 'strong'
  | 'i'
  | 'em'
  | 'u'
  | 's'
  | 'del'
  | 'code'
  | 'pre'
  | 'blockquote'
  | 'p'
  | 'br'
  | 'ul'
  | 'ol'
  | 'li'
  | 'a'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'h5'
  | 'h6'
  | 'sup'
  | 'sub'
  | 'hr';

/** A text node, or an allow-listed element whose only attribute is a checked link target. */
export type RichNode = string | { tag: RichTag; href?: string; children: RichNode[] };

export type TimelineItemKind =
  | 'text'
  | 'notice'
  | 'emote'
  | 'file'
  | 'image'
  | 'membership'
  | 'roomName'
  | 'topic'
  | 'created'
  | 'encrypted'
  | 'deleted'
  | 'other';

export interface TimelineItem {
  /** The event ID; `~<txnId>` for a local echo the server does not have yet. */
  id: string;
  kind: TimelineItemKind;
  sender: string;
  senderName: string;
  /** The sender's avatar in this room (a checked mxc URI for `mediaThumbnail`), or null. */
  senderAvatarMxc: string | null;
  /** Letters for the sender's avatar placeholder (as the room list's `avatarInitials`). */
  senderInitials: string;
  ts: number;
  /** Plain text: the message body, or a sentence describing the event. */
  text: string;
  /** The sanitised formatted body, when the message had one. */
  rich: RichNode[] | null;
  file: { name: string; size: number | null; mimetype: string | null } | null;
  replyTo: { eventId: string; senderName: string | null; text: string | null } | null;
  edited: boolean;
  status: 'sent' | 'sending' | 'failed';
  /** Why it was not sent (status failed). */
  error: string | null;
}

export type TimelineDiff =
  | { roomId: string; op: 'reset'; items: TimelineItem[]; hasMoreBefore: boolean }
  | { roomId: string; op: 'append'; items: TimelineItem[] }
  | { roomId: string; op: 'update'; items: TimelineItem[] }
  | { roomId: string; op: 'remove'; ids: string[] };

export interface OpenedRoom {
  roomId: string;
  items: TimelineItem[];
  hasMoreBefore: boolean;
  /** The user's m.fully_read marker: "new messages" start after it. */
  fullyRead: string | null;
  /** Null when the user can send here; otherwise why not, in a sentence. */
  readOnlyReason: string | null;
}

export interface OlderItems {
  items: TimelineItem[];
  hasMoreBefore: boolean;
}
