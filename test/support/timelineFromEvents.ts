/**
 * A room's timeline as the window shows it, for tests that drive the core through the contract:
 * the items `roomOpen` answered, then every `timeline` diff the core sent for that room after
 * it, applied in order.
 */
import type { TimelineDiff, TimelineItem } from '../../electron/ipc/contract.js';

export function timelineFromEvents(
  events: readonly { name: string; payload: unknown }[],
  roomId: string,
  initial: readonly TimelineItem[],
): TimelineItem[] {
  let items = [...initial];
  for (const e of events) {
    if (e.name !== 'timeline') continue;
    const diff = e.payload as TimelineDiff;
    if (diff.roomId !== roomId) continue;
    if (diff.op === 'reset') items = [...diff.items];
    else if (diff.op === 'append') items.push(...diff.items);
    else if (diff.op === 'update')
      items = items.map((i) => diff.items.find((u) => u.id === i.id) ?? i);
    else items = items.filter((i) => !diff.ids.includes(i.id));
  }
  return items;
}
