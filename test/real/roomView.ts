/**
 * A room as the window shows it: the items `roomOpen` answered, then every `timeline` diff the
 * app sent for that room, applied as the renderer's store applies them.
 */
import type { TimelineItem } from '../../electron/ipc/contract.js';
import { timelineFromEvents } from '../support/timelineFromEvents.js';
import type { AppInstance } from './appInstance.js';

/** Rust crypto's key traffic (key query, claim, to-device) over a real server, busy machine. */
export const CRYPTO_MS = 30_000;

export interface RoomView {
  readOnlyReason: string | null;
  items(): TimelineItem[];
  /** Waits until the items pass `check` (now, or after a timeline diff). */
  until(check: (items: TimelineItem[]) => boolean, what: string): Promise<void>;
  /** Waits until the room shows `text` sent by `sender` as a sent, readable text message. */
  shows(sender: string, text: string): Promise<void>;
}

export async function openRoom(app: AppInstance, roomId: string): Promise<RoomView> {
  const since = app.events.length;
  const opened = await app.handlers.roomOpen({ roomId });
  const items = () => timelineFromEvents(app.events.slice(since), roomId, opened.items);
  const until = async (check: (items: TimelineItem[]) => boolean, what: string) => {
    if (check(items())) return;
    await app
      .waitFor('timeline', () => check(items()), CRYPTO_MS)
      .catch((error: unknown) => {
        throw new Error(
          `${String(error)}: waiting for ${what}; the room shows ${JSON.stringify(
            items().map((i) => `${i.kind} ${i.status} ${i.sender}: ${i.text}`),
          )}\n${app.logTail()}`,
        );
      });
  };
  return {
    readOnlyReason: opened.readOnlyReason,
    items,
    until,
    shows: (sender, text) =>
      until(
        (shown) =>
          shown.some(
            (i) =>
              i.kind === 'text' && i.status === 'sent' && i.sender === sender && i.text === text,
          ),
        `"${text}" from ${sender}`,
      ),
  };
}
