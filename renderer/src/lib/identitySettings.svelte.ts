/**
 * The identity-server settings: checking a candidate server, reviewing and accepting its terms,
 * changing, disabling, falling back to the default, and acknowledging a change made elsewhere.
 * The identity state itself comes from appState (main's events); this only holds what the user is
 * in the middle of, and a sentence about the last thing that worked.
 */
import type { Api } from './api';
import { appState } from './appState.svelte';
import type { DisableImpact, IdentityCandidate, Result } from './contract';
import { Task } from './task.svelte';

/** Why terms are on screen: to switch to the candidate, or to accept the active server's terms. */
export type TermsPurpose = 'change' | 'accept';

export interface TermsReview {
  purpose: TermsPurpose;
  candidate: IdentityCandidate;
}

export class IdentitySettingsModel {
  /** The "Identity server" field of the change form. */
  server = $state('');
  /** Terms on screen, or null. */
  terms = $state<TermsReview | null>(null);
  /** What disabling would leave behind, while the confirmation dialog is open. */
  disableImpact = $state<DisableImpact | null>(null);
  /** A sentence about the last step that worked (or found nothing to do). */
  outcome = $state<string | null>(null);
  /** What the section is doing now, for its status line. */
  activity = $state<string | null>(null);
  /** Every command but the disable confirmation (which reports inside its dialog). */
  readonly task = new Task();
  readonly disabling = new Task();
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  get busy(): boolean {
    return this.task.pending || this.disabling.pending;
  }

  /** Check the server typed into the change form and show its terms. */
  async check(): Promise<void> {
    const server = this.server.trim();
    if (server === '') {
      this.task.fail('EMPTY_SERVER', 'Enter the address of an identity server to check.');
      return;
    }
    const found = await this.#step(`Checking ${server}…`, () =>
      this.#api.invoke('identityCheck', { server }),
    );
    if (found) this.#show({ purpose: 'change', candidate: found.value });
  }

  /** Fetch the active server's terms so the user can accept them. */
  async reviewActiveTerms(): Promise<void> {
    const url = appState.identity?.url;
    if (!url) {
      this.task.fail('NO_IDENTITY_SERVER', 'There is no active identity server to review.');
      return;
    }
    const found = await this.#step(`Fetching the terms of ${url}…`, () =>
      this.#api.invoke('identityCheck', { server: url }),
    );
    if (found) this.#show({ purpose: 'accept', candidate: found.value });
  }

  /** Find the default the account would fall back to, and offer it like any other candidate. */
  async useDefault(): Promise<void> {
    const found = await this.#step('Looking for the default identity server…', () =>
      this.#api.invoke('identityDefaultCheck', {}),
    );
    if (!found) return;
    if (found.value === null) {
      this.terms = null;
      this.outcome = 'There is no default identity server for your account.';
      return;
    }
    this.#show({ purpose: 'change', candidate: found.value });
  }

  /** The user ticked every policy (or confirmed there are none): use or accept the server. */
  async confirmTerms(acceptedPolicyUrls: string[], acceptNoTerms: boolean): Promise<void> {
    const review = this.terms;
    if (!review) return;
    const { url } = review.candidate;
    if (review.purpose === 'accept') {
      if (appState.identity?.url !== url) {
        this.task.fail(
          'IDENTITY_SERVER_CHANGED',
          'The identity server changed while you were reading its terms. Review them again.',
        );
        return;
      }
      const done = await this.#step(`Accepting the terms of ${url}…`, () =>
        this.#api.invoke('identityAcceptTerms', { acceptedPolicyUrls, acceptNoTerms }),
      );
      if (done) this.#finish(`Accepted the terms of ${url}.`);
      return;
    }
    const done = await this.#step(`Switching to ${url}…`, () =>
      this.#api.invoke('identityChange', { url, acceptedPolicyUrls, acceptNoTerms }),
    );
    if (done) {
      this.server = '';
      this.#finish(`Now using ${url}.`);
    }
  }

  cancelTerms(): void {
    this.terms = null;
    this.task.clearError();
  }

  /** Ask what disabling would leave behind; opens the confirmation dialog. */
  async startDisable(): Promise<void> {
    const impact = await this.#step('Checking which addresses are shared…', () =>
      this.#api.invoke('identityDisableCheck', {}),
    );
    if (impact) {
      this.disabling.clearError();
      this.disableImpact = impact.value;
    }
  }

  async confirmDisable(): Promise<void> {
    const done = await this.disabling.run(() => this.#api.invoke('identityDisable', {}));
    if (done) {
      this.disableImpact = null;
      this.terms = null;
      this.#finish('Identity server disabled for your account.');
    }
  }

  closeDisable(): void {
    if (this.disabling.pending) return;
    this.disableImpact = null;
    this.disabling.clearError();
  }

  async dismissNotice(): Promise<void> {
    await this.#step('Dismissing…', () => this.#api.invoke('identityDismissNotice', {}));
  }

  async #step<T>(
    activity: string,
    action: () => Promise<Result<T>>,
  ): Promise<{ value: T } | undefined> {
    this.activity = activity;
    this.outcome = null;
    const result = await this.task.run(action);
    this.activity = null;
    return result;
  }

  #show(review: TermsReview): void {
    this.terms = review;
    this.outcome = null;
  }

  #finish(outcome: string): void {
    this.terms = null;
    this.outcome = outcome;
  }
}
