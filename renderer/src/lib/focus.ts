/** Attachments for focus management: `{@attach focusOnMount}` moves focus to the element. */
import type { Attachment } from 'svelte/attachments';

export const focusOnMount: Attachment<HTMLElement> = (element) => {
  element.focus();
};

/**
 * `{@attach focusOnEach(value)}`: moves focus to the element when it appears and again each time
 * `value` changes to another truthy value (a new error in an alert already shown), so a keyboard
 * or screen-reader user lands on what just went wrong instead of staying where they were.
 */
export function focusOnEach(value: unknown): Attachment<HTMLElement> {
  return (element) => {
    if (value) element.focus();
  };
}
