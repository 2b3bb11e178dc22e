/**
 * Whether an IPC call comes from the app's own page. No Electron import: handlers.ts gathers
 * these facts from the IPC event and the window, and this decides, so the rule is unit-tested.
 *
 * Trusted means all three: sent by our main window's web contents (not another window or a
 * webview), from its top-level frame (not an iframe an attacker managed to get in), and from a
 * URL on the app's own origin (not a page the window was somehow navigated to).
 */
import { isAppPageUrl, type AppLocation } from '../window/appLocation.js';

export interface SenderFacts {
  /** The sending frame's URL, or null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** The sending frame is the top-level frame of its page. */
  isMainFrame: boolean;
  /** The sending web contents is our main window's. */
  fromOurWindow: boolean;
}

export function isTrustedSender(facts: SenderFacts, location: AppLocation): boolean {
  return (
    facts.fromOurWindow &&
    facts.isMainFrame &&
    facts.frameUrl !== null &&
    isAppPageUrl(facts.frameUrl, location)
  );
}
