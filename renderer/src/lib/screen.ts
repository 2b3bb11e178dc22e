/**
 * Which screen the window shows, from the session alone (plus the page chosen while signed in).
 * A busy step of signing in or out stays on the screen it started from, so the form the user
 * filled in (and the server found for it) survives the round trip, and a failure is shown there.
 */
import type { SettledSession } from './appState.svelte';
import type { SessionState } from './contract';

export type Page = 'home' | 'rooms' | 'settings';

export type Screen =
  | { kind: 'starting' }
  | { kind: 'busy'; session: Extract<SessionState, { status: 'busy' }> }
  | { kind: 'signIn' }
  | { kind: 'softLogout'; session: Extract<SessionState, { status: 'softLoggedOut' }> }
  | { kind: 'signedIn'; session: Extract<SessionState, { status: 'signedIn' }>; page: Page };

export function chooseScreen(
  session: SessionState | null,
  settled: SettledSession | null,
  page: Page,
): Screen {
  if (session === null) return { kind: 'starting' };
  if (session.status === 'busy') {
    switch (session.step) {
      case 'restoring':
        return { kind: 'busy', session };
      case 'signingOut':
        // Stay on the screen that started it; it shows the progress (and any error).
        if (settled?.status === 'signedIn') return { kind: 'signedIn', session: settled, page };
        if (settled?.status === 'softLoggedOut') return { kind: 'softLogout', session: settled };
        return { kind: 'busy', session };
      default:
        if (settled?.status === 'softLoggedOut') return { kind: 'softLogout', session: settled };
        return { kind: 'signIn' };
    }
  }
  switch (session.status) {
    case 'signedOut':
      return { kind: 'signIn' };
    case 'softLoggedOut':
      return { kind: 'softLogout', session };
    case 'signedIn':
      return { kind: 'signedIn', session, page };
  }
}
