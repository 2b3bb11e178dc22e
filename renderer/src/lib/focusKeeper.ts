/**
 * Buttons are disabled while their action runs, and Chromium then drops keyboard focus to the
 * page body; when the action fails and the button comes back, the user would have to find their
 * place again. This watches for that: a control disabled while focused gets focus back when it is
 * enabled again, unless focus has gone somewhere else in the meantime.
 */
export function keepFocusThroughBusy(root: HTMLElement): () => void {
  const lostFocus = new WeakSet<Element>();
  const observer = new MutationObserver((mutations) => {
    for (const { target } of mutations) {
      if (!(target instanceof HTMLElement)) continue;
      if (target.hasAttribute('disabled')) {
        // Runs before Chromium moves focus away, so the control is still the active element.
        if (document.activeElement === target) lostFocus.add(target);
      } else if (lostFocus.has(target)) {
        lostFocus.delete(target);
        const active = document.activeElement;
        if (target.isConnected && (active === null || active === document.body)) target.focus();
      }
    }
  });
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ['disabled'] });
  return () => observer.disconnect();
}
