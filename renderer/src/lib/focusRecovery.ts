/**
 * When the control that has focus disappears (terms accepted and their panel gone, a Cancel
 * button removed once its action stopped, a notice dismissed), Chromium drops keyboard focus to
 * the page body, and a keyboard user starts again from the top of the window. This keeps a short
 * history of where focus has been and, when the focused element is removed, gives focus back to
 * the most recent of those places that is still on screen: usually the control that opened what
 * just closed. If that control is disabled for now (its action is still winding down), focus goes
 * to it as soon as it is enabled again. It acts only while nothing has focus, so screens that
 * move focus on purpose (a heading, an alert) and controls merely disabled while busy (see
 * focusKeeper.ts) are left alone.
 */
const HISTORY_LENGTH = 20;

function onScreen(element: HTMLElement): boolean {
  return element.isConnected && element.closest('[inert]') === null && element.checkVisibility();
}

function nothingFocused(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

export function recoverLostFocus(root: HTMLElement): () => void {
  const history: HTMLElement[] = [];
  // Focus given before this started watching counts too: the sign-in field the app focuses as it
  // takes over the page main served with the form drawn in (main.ts) is focused before any effect
  // runs, so no focusin reaches this.
  const focused = document.activeElement;
  if (focused instanceof HTMLElement && focused !== document.body) history.push(focused);
  /** A disabled control that gets focus back when it is enabled again (unless focus moved). */
  let waitingFor: HTMLElement | null = null;

  const remember = (event: FocusEvent) => {
    waitingFor = null;
    if (!(event.target instanceof HTMLElement) || event.target === history.at(-1)) return;
    history.push(event.target);
    if (history.length > HISTORY_LENGTH) history.shift();
  };

  const recover = () => {
    for (let index = history.length - 1; index >= 0; index--) {
      const candidate = history[index]!;
      if (!onScreen(candidate)) continue;
      if (candidate.matches(':disabled')) {
        waitingFor = candidate;
        return;
      }
      candidate.focus();
      if (document.activeElement === candidate) return;
    }
  };

  const observer = new MutationObserver(() => {
    if (!nothingFocused()) return;
    if (waitingFor !== null) {
      if (!waitingFor.isConnected) waitingFor = null;
      else if (!waitingFor.matches(':disabled')) waitingFor.focus();
      return;
    }
    const last = history.at(-1);
    if (last !== undefined && !last.isConnected) recover();
  });

  root.addEventListener('focusin', remember);
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['disabled'],
  });
  return () => {
    observer.disconnect();
    root.removeEventListener('focusin', remember);
  };
}
