/**
 * The renderer's only copy of Matrix state: the session and the identity-server state, exactly as
 * main last described them. Fed by the state main wrote into the page (firstState.ts) and by
 * `getState` once at start-up, and by the `session` and `identity` events afterwards; nothing
 * else writes here (command answers are not copied in: main announces every change it makes
 * through the events).
 */
import type { Api } from './api';
import type { AppState as MainState, IdentityState, SessionState, UserError } from './contract';

/** A session state that is not `busy`: the screen a busy step belongs to. */
export type SettledSession = Exclude<SessionState, { status: 'busy' }>;

class AppState {
  session = $state<SessionState | null>(null);
  identity = $state<IdentityState | null>(null);
  /** The last non-busy session, so a busy step keeps the screen it started from. */
  settledSession = $state<SettledSession | null>(null);
  /** Set when `getState` failed at start-up, before main had said anything. */
  startError = $state<UserError | null>(null);

  #sessionSeen = false;
  #answered = false;
  #identitySeen = false;

  /** The state main wrote into the page, before the first render (firstState.ts). */
  seed(state: MainState): void {
    this.#setSession(state.session);
    this.identity = state.identity;
  }

  /** Subscribe to main's events, then ask for the current state; returns the unsubscribe. */
  connect(api: Api): () => void {
    const offSession = api.on('session', (session) => {
      this.#sessionSeen = true;
      this.#setSession(session);
    });
    const offIdentity = api.on('identity', (identity) => {
      this.#identitySeen = true;
      this.identity = identity;
    });
    void this.load(api);
    return () => {
      offSession();
      offIdentity();
    };
  }

  /** Ask main for the whole state (at start-up, and again if that failed). */
  async load(api: Api): Promise<void> {
    this.startError = null;
    const result = await api.invoke('getState', {});
    if (!result.ok) {
      // Main has not answered yet: the state the page came with cannot be acted on.
      if (!this.#sessionSeen && !this.#answered) this.startError = result.error;
      return;
    }
    this.#answered = true;
    // An event that arrived while getState was on its way is newer than its answer.
    if (!this.#sessionSeen) this.#setSession(result.value.session);
    if (!this.#identitySeen) this.identity = result.value.identity;
  }

  #setSession(session: SessionState): void {
    this.session = session;
    if (session.status !== 'busy') this.settledSession = session;
  }
}

export const appState = new AppState();
