/**
 * The one owner of the desktop app's notices for the window (contract DesktopState): the last
 * `matrix:` / matrix.to link the OS opened the app with, and an update that is downloaded and
 * ready. The page asks for the state when it loads (`desktopState`) and hears every change
 * (`desktop` event), so a link that started the app is not lost before the page exists.
 */
import type { MatrixLink } from '../core/links/parseMatrixLink.js';
import type { AppEvents, DesktopState, EventName } from '../ipc/contract.js';

type Listener = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

export class DesktopNotices {
  #state: DesktopState = { openedLink: null, updateReady: null };
  readonly #listeners = new Set<Listener>();

  get state(): DesktopState {
    return this.#state;
  }

  linkOpened(text: string, link: MatrixLink): void {
    this.#set({ ...this.#state, openedLink: { text, link } });
  }

  updateReady(version: string): void {
    this.#set({ ...this.#state, updateReady: { version } });
  }

  /** The same shape as the core's, so forwardCoreEvents carries these to the window too. */
  onEvent(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(state: DesktopState): void {
    this.#state = state;
    for (const listener of this.#listeners) listener('desktop', state);
  }
}
