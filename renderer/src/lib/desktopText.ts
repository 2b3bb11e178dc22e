/**
 * The words of the desktop notices (components/shell/DesktopNotices.svelte): what a link the OS
 * opened points at, and what the app can do with it in this version (nothing yet: rooms and chats
 * arrive with a later version, which will act on the kept target).
 */
import type { DesktopState } from './contract';

type OpenedLink = NonNullable<DesktopState['openedLink']>;

/** The identifier the link points at, as people write it: #room:server, @user:server, !id. */
export function linkTargetName(opened: OpenedLink): string {
  const { target } = opened.link;
  if (target.kind === 'user') return target.userId;
  const room = target.kind === 'roomAlias' ? target.alias : target.roomId;
  return target.eventId === null ? room : `a message in ${room}`;
}

export function openedLinkNotice(opened: OpenedLink): string {
  const what = opened.link.target.kind === 'user' ? 'chats' : 'rooms';
  return `Opened link to ${linkTargetName(opened)} — ${what} are not available in this version yet.`;
}

export function updateReadyNotice(version: string): string {
  return `Version ${version} is downloaded. It is installed when you quit, or now if you restart.`;
}
