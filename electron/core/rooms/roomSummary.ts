/**
 * A room as the room list shows it, from the SDK's Room: its spec-computed name, whether it is a
 * DM (m.direct account data, or the invite's is_direct), unread counts from the server's
 * unread_notifications, the time of the last event and a one-line preview.
 */
import { EventType, NotificationCountType, type MatrixClient, type Room } from 'matrix-js-sdk';
import { checkedMxc } from '../media/mxcUri.js';
import { initials } from './initials.js';
import type { RoomSummary } from './roomTypes.js';
import { isHidden, toTimelineItem } from './timelineItem.js';

const PREVIEW_LENGTH = 120;

/** Room IDs listed in the user's m.direct account data. */
export function directRoomIds(client: MatrixClient): Set<string> {
  const content = client.getAccountData(EventType.Direct)?.getContent() ?? {};
  const ids = new Set<string>();
  for (const rooms of Object.values(content)) {
    if (Array.isArray(rooms)) for (const id of rooms) if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

export function toRoomSummary(
  client: MatrixClient,
  room: Room,
  direct: Set<string>,
): RoomSummary | null {
  const membership = room.getMyMembership();
  if (membership !== 'join' && membership !== 'invite') return null;
  const me = client.getSafeUserId();
  const myMember = room.getMember(me);
  const inviteEvent = membership === 'invite' ? myMember?.events.member : undefined;
  const events = room.getLiveTimeline().getEvents();
  const lastShown = [...events]
    .reverse()
    .find((e) => !isHidden(e) && e.getType() !== 'm.room.member');
  const preview = lastShown ? toTimelineItem(room, lastShown).text : null;
  return {
    roomId: room.roomId,
    name: room.name,
    avatarInitials: initials(room.name),
    avatarMxc: roomAvatar(room),
    isDirect: direct.has(room.roomId) || inviteEvent?.getContent().is_direct === true,
    membership,
    inviter: inviteEvent?.getSender() ?? null,
    encrypted: room.hasEncryptionStateEvent(),
    unread: room.getUnreadNotificationCount(NotificationCountType.Total),
    highlights: room.getUnreadNotificationCount(NotificationCountType.Highlight),
    lastActivity: Math.max(0, inviteEvent?.getTs() ?? room.getLastActiveTimestamp()),
    preview:
      preview === null
        ? null
        : preview.length > PREVIEW_LENGTH
          ? `${preview.slice(0, PREVIEW_LENGTH)}…`
          : preview,
  };
}

/**
 * The SDK's answer to "which picture": m.room.avatar, else (a DM without one) the other
 * member's, the member the SDK also names the room after. Kept only when it is a valid mxc URI.
 */
export function roomAvatar(room: Room): string | null {
  return checkedMxc(room.getMxcAvatarUrl() ?? room.getAvatarFallbackMember()?.getMxcAvatarUrl());
}
