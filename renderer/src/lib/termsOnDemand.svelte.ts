/**
 * Terms on demand: the one place in the window that answers IDENTITY_TERMS_CHANGED (the identity
 * server published new terms while the app ran; main withdrew the acceptance). Every command
 * that reaches the identity server goes through `invokeWithTerms`: on that error it shows the
 * terms review (TermsOnDemand.svelte, reusing TermsReview), and once the user has accepted,
 * retries the command exactly once. Declining answers the original error and changes nothing.
 */
import type { Api } from './api';
import { appState } from './appState.svelte';
import type { CommandName, CommandRequest, CommandResult } from './contract';
import type { TermsReview } from './identitySettings.svelte';
import { Task } from './task.svelte';

export const TERMS_CHANGED = 'IDENTITY_TERMS_CHANGED';

class TermsOnDemand {
  /** The review on screen, or null. */
  review = $state<TermsReview | null>(null);
  /** A command is waiting for the user's answer. */
  open = $state(false);
  readonly task = new Task();
  #api: Api | null = null;
  #answer: Promise<boolean> | null = null;
  #settle: ((accepted: boolean) => void) | null = null;

  /** Shows the active server's terms; resolves true once accepted, false when declined. */
  ask(api: Api): Promise<boolean> {
    // Several commands may hit the new terms at once: one review answers them all.
    if (this.#answer) return this.#answer;
    this.#api = api;
    this.#answer = new Promise<boolean>((resolve) => (this.#settle = resolve));
    this.open = true;
    void this.#fetchTerms(api);
    return this.#answer;
  }

  async confirm(acceptedPolicyUrls: string[], acceptNoTerms: boolean): Promise<void> {
    const api = this.#api;
    const review = this.review;
    if (!api || !review) return;
    if (appState.identity?.url !== review.candidate.url) {
      this.task.fail(
        'IDENTITY_SERVER_CHANGED',
        'The identity server changed while you were reading its terms. Nothing was accepted.',
      );
      return;
    }
    const done = await this.task.run(() =>
      api.invoke('identityAcceptTerms', { acceptedPolicyUrls, acceptNoTerms }),
    );
    if (done) this.#finish(true);
  }

  decline(): void {
    this.#finish(false);
  }

  async #fetchTerms(api: Api): Promise<void> {
    const url = appState.identity?.url;
    if (!url) {
      this.#finish(false);
      return;
    }
    const found = await this.task.run(() => api.invoke('identityCheck', { server: url }));
    if (!found) {
      // The review cannot be shown; the error stays on screen with a way to close it.
      this.review = null;
      return;
    }
    this.review = { purpose: 'accept', candidate: found.value };
  }

  #finish(accepted: boolean): void {
    this.review = null;
    if (!accepted) this.task.clearError();
    this.#settle?.(accepted);
    this.#answer = null;
    this.#settle = null;
    this.open = false;
  }
}

export const termsOnDemand = new TermsOnDemand();

/** `api.invoke`, with the terms review and one retry when the server has new terms. */
export async function invokeWithTerms<N extends CommandName>(
  api: Api,
  name: N,
  request: CommandRequest<N>,
): Promise<CommandResult<N>> {
  const first = await api.invoke(name, request);
  if (first.ok || first.error.code !== TERMS_CHANGED) return first;
  if (!(await termsOnDemand.ask(api))) return first;
  return api.invoke(name, request);
}
