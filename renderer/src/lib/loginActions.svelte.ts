/**
 * The sign-in commands shared by the sign-in and the soft-logout screens: password, SSO and OAuth in
 * the system browser, the OAuth device grant ("Sign in on another device"), and giving up on any. Main reports the outcome through the `session` event;
 * here we only track what is in flight and what failed.
 */
import type { Api } from './api';
import { appState } from './appState.svelte';
import { busyPhrase } from './busyPhrase';
import type { DeviceGrantPrompt, UserError } from './contract';
import { Task } from './task.svelte';

export class LoginActions {
  readonly password = new Task();
  readonly sso = new Task();
  readonly oauth = new Task();
  readonly deviceGrant = new Task();
  readonly cancelling = new Task();
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  get pending(): boolean {
    return (
      this.password.pending ||
      this.sso.pending ||
      this.oauth.pending ||
      this.deviceGrant.pending ||
      this.cancelling.pending
    );
  }

  /** True while a sign-in is in flight, here or in main. */
  get busy(): boolean {
    return this.pending || appState.session?.status === 'busy';
  }

  /** What to say while busy; main's step wins, since it knows best where things are. */
  get progress(): string | null {
    const session = appState.session;
    if (session?.status === 'busy') return busyPhrase(session.step, session.server);
    if (this.password.pending) return busyPhrase('signingIn', null);
    if (this.sso.pending || this.oauth.pending) return busyPhrase('waitingForBrowser', null);
    if (this.deviceGrant.pending) return busyPhrase('waitingForDevice', null);
    if (this.cancelling.pending) return 'Cancelling…';
    return null;
  }

  /** The system browser is open for SSO or OAuth: say so, and offer to cancel. */
  get waitingForBrowser(): boolean {
    const session = appState.session;
    return (
      this.sso.pending ||
      this.oauth.pending ||
      (session?.status === 'busy' && session.step === 'waitingForBrowser')
    );
  }

  /** The code to enter on the other device, while main waits for it to be approved. */
  get deviceGrantPrompt(): DeviceGrantPrompt | null {
    const session = appState.session;
    if (session?.status !== 'busy' || session.step !== 'waitingForDevice') return null;
    return session.deviceGrant ?? null;
  }

  get error(): UserError | null {
    return (
      this.password.error ??
      this.sso.error ??
      this.oauth.error ??
      this.deviceGrant.error ??
      this.cancelling.error
    );
  }

  clearErrors(): void {
    this.password.clearError();
    this.sso.clearError();
    this.oauth.clearError();
    this.deviceGrant.clearError();
    this.cancelling.clearError();
  }

  async signInWithPassword(identifier: string, password: string): Promise<void> {
    this.clearErrors();
    if (identifier.trim() === '') {
      this.password.fail('EMPTY_IDENTIFIER', 'Enter your user ID, email address or phone number.');
      return;
    }
    if (password === '') {
      this.password.fail('EMPTY_PASSWORD', 'Enter your password.');
      return;
    }
    await this.password.run(() =>
      this.#api.invoke('loginWithPassword', { identifier: identifier.trim(), password }),
    );
  }

  async startSso(providerId: string | null): Promise<void> {
    this.clearErrors();
    await this.sso.run(() => this.#api.invoke('startSso', { providerId }));
  }

  /** OAuth 2.0 at the server's authorization server, in the system browser. */
  async startOAuth(): Promise<void> {
    this.clearErrors();
    await this.oauth.run(() => this.#api.invoke('startOAuth', {}));
  }

  async startDeviceGrant(): Promise<void> {
    this.clearErrors();
    await this.deviceGrant.run(() => this.#api.invoke('startDeviceGrant', {}));
  }

  /** Abandon whatever sign-in is in flight; its late answer (likely "cancelled") is ignored. */
  async cancel(): Promise<void> {
    this.password.abandon();
    this.sso.abandon();
    this.oauth.abandon();
    this.deviceGrant.abandon();
    this.clearErrors();
    await this.cancelling.run(() => this.#api.invoke('cancelLogin', {}));
  }
}
