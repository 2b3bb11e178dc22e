/**
 * A room as the window shows it: the items `roomOpen` answered, then every `timeline` diff the
 * app sent for that room, applied as the renderer's store applies them.
 */
import type { TimelineDiff, TimelineItem } from '../../electron/ipc/contract.js';
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
  const items = () => {
    let shown = [...opened.items];
    for (const event of app.events.slice(since)) {
      if (event.name !== 'timeline') continue;
      const diff = event.payload as TimelineDiff;
      if (diff.roomId !== roomId) continue;
      if (diff.op === 'reset') shown = [...diff.items];
      else if (diff.op === 'append') shown.push(...diff.items);
      else if (diff.op === 'update')
        shown = shown.map((i) => diff.items.find((u) => u.id === i.id) ?? i);
      else shown = shown.filter((i) => !diff.ids.includes(i.id));
    }
    return shown;
  };
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
