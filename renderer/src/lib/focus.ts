/** Attachments for focus management: `{@attach focusOnMount}` moves focus to the element. */
import type { Attachment } from 'svelte/attachments';

export const focusOnMount: Attachment<HTMLElement> = (element) => {
  element.focus();
};
