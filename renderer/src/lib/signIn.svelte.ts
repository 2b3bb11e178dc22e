/**
 * The sign-in screen's state: what the user typed as server, the Discovery main answered for it,
 * and the sign-in actions. Transient: it lives as long as the screen does.
 */
import type { Api } from './api';
import { appState } from './appState.svelte';
import { busyPhrase } from './busyPhrase';
import type { Discovery } from './contract';
import { LoginActions } from './loginActions.svelte';
import { Task } from './task.svelte';

export class SignInModel {
  /** The server field. */
  server = $state('');
  /** What main found for the server last looked up; null until then (and after "Change server"). */
  discovery = $state<Discovery | null>(null);
  /** The server being (or last) looked up, for progress and error texts. */
  lookedUp = $state('');
  readonly discovering = new Task();
  readonly login: LoginActions;
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
    this.login = new LoginActions(api);
  }

  /** True while anything about signing in is in flight, here or in main. */
  get busy(): boolean {
    return this.discovering.pending || this.login.busy;
  }

  get progress(): string | null {
    if (this.discovering.pending && appState.session?.status !== 'busy') {
      return busyPhrase('discovering', this.lookedUp);
    }
    return this.login.progress;
  }

  async discover(): Promise<void> {
    const server = this.server.trim();
    this.lookedUp = server;
    if (server === '') {
      this.discovering.fail('EMPTY_SERVER', 'Enter the name or address of your homeserver.');
      return;
    }
    this.login.clearErrors();
    const found = await this.discovering.run(() => this.#api.invoke('discover', { server }));
    if (found) this.discovery = found.value;
  }

  changeServer(): void {
    this.discovery = null;
    this.discovering.clearError();
    this.login.clearErrors();
  }

  async cancel(): Promise<void> {
    this.discovering.abandon();
    await this.login.cancel();
  }
}
