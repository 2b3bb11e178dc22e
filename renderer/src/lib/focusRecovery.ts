/**
 * When the control that has focus disappears (terms accepted and their panel gone, a Cancel
 * button removed once its action stopped, a notice dismissed), Chromium drops keyboard focus to
 * the page body, and a keyboard user starts again from the top of the window. This keeps a short
 * history of where focus has been and, when the focused element is removed, gives focus back to
 * the most recent of those places that is still on screen and usable: usually the control that
 * opened what just closed. It acts only when nothing has focus and the last focused element is
 * gone, so screens that move focus on purpose (a heading, an alert) and controls that are merely
 * disabled while busy (see focusKeeper.ts) are left alone.
 */
const HISTORY_LENGTH = 20;

function usable(element: HTMLElement): boolean {
  return (
    element.isConnected &&
    !element.matches(':disabled') &&
    element.closest('[inert]') === null &&
    element.checkVisibility()
  );
}

export function recoverLostFocus(root: HTMLElement): () => void {
  const history: HTMLElement[] = [];

  const remember = (event: FocusEvent) => {
    if (!(event.target instanceof HTMLElement) || event.target === history.at(-1)) return;
    history.push(event.target);
    if (history.length > HISTORY_LENGTH) history.shift();
  };

  const observer = new MutationObserver(() => {
    const active = document.activeElement;
    const last = history.at(-1);
    if ((active !== null && active !== document.body) || last === undefined || last.isConnected) {
      return;
    }
    for (let index = history.length - 1; index >= 0; index--) {
      const candidate = history[index]!;
      if (!usable(candidate)) continue;
      candidate.focus();
      if (document.activeElement === candidate) return;
    }
  });

  root.addEventListener('focusin', remember);
  observer.observe(root, { subtree: true, childList: true });
  return () => {
    observer.disconnect();
    root.removeEventListener('focusin', remember);
  };
}
