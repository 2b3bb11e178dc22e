/**
 * Settings → Email addresses and phone numbers: the account's addresses and who can find the
 * user by each, sharing (with the validation in progress), stopping, adding and removing. Main
 * does the work; this holds what is on screen and what the user is in the middle of. The
 * validation is named by main's opaque handle: no secret is ever here.
 */
import type { Api } from './api';
import type { IdentityState, ThreepidListing, ThreepidValidation, UnbindOutcome } from './contract';
import { formatAddress } from './phoneDisplay';
import { Task } from './task.svelte';
import { invokeWithTerms } from './termsOnDemand.svelte';
import { readDefaultCountry, saveDefaultCountry } from './defaultCountry';

export type Medium = 'email' | 'msisdn';

/** A validation in progress: sharing with the identity server, or adding to the account. */
export interface InProgress {
  purpose: 'share' | 'add';
  validation: ThreepidValidation;
  /** Adding: the homeserver wants the password (again), or SSO was opened in the browser. */
  step: 'proof' | 'password' | 'sso';
}

/** Why addresses cannot be shared right now (nothing is sent then), or null when they can. */
export function sharingBlockedReason(identity: IdentityState): string | null {
  if (identity.source === 'pending') return 'Checking your account for an identity server…';
  if (identity.disabledByAccount) {
    return 'Sharing addresses needs an identity server, and yours is disabled for your account';
  }
  if (identity.url === null)
    return 'Sharing addresses needs an identity server, and none is active';
  if (!identity.termsAccepted) {
    return `Sharing addresses needs ${identity.url}, whose terms you have not accepted yet`;
  }
  return null;
}

export class ThreepidsModel {
  listing = $state<ThreepidListing | null>(null);
  inProgress = $state<InProgress | null>(null);
  /** The code from the text message, or the password, being typed. */
  code = $state('');
  password = $state('');
  /** The add form. */
  addMedium = $state<Medium>('email');
  addAddress = $state('');
  #country = $state(readDefaultCountry());
  /** A sentence about the last thing that worked. */
  outcome = $state<string | null>(null);
  /** The user's actions (share, add, remove...). */
  readonly task = new Task();
  /** Reading the list, apart: a reload must not cancel an action in flight. */
  readonly loading = new Task();
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  get country(): string {
    return this.#country;
  }

  set country(value: string) {
    this.#country = value;
    saveDefaultCountry(value);
  }

  display(medium: Medium, address: string): string {
    return formatAddress(medium, address, this.#country === '' ? null : this.#country);
  }

  /** Reads the list again (the identity server changed, or on opening). */
  async load(): Promise<void> {
    const found = await this.loading.run(() => this.#api.invoke('threepidList', {}));
    if (found) this.listing = found.value;
  }

  /** The identity server changed or stopped: a share with the old one cannot finish. */
  serverChanged(): void {
    if (this.inProgress?.purpose === 'share') this.#endValidation();
    this.task.abandon();
    void this.load();
  }

  async share(medium: Medium, address: string): Promise<void> {
    this.outcome = null;
    const started = await this.task.run(() =>
      invokeWithTerms(this.#api, 'threepidShareStart', { medium, address }),
    );
    if (started) this.#begin('share', started.value);
  }

  async stopSharing(medium: Medium, address: string): Promise<void> {
    this.outcome = null;
    const done = await this.task.run(() =>
      this.#api.invoke('threepidStopSharing', { medium, address }),
    );
    if (done) this.#unbound(done.value, `${this.display(medium, address)} is no longer shared`);
  }

  async remove(medium: Medium, address: string): Promise<void> {
    this.outcome = null;
    const done = await this.task.run(() => this.#api.invoke('threepidRemove', { medium, address }));
    if (done)
      this.#unbound(done.value, `Removed ${this.display(medium, address)} from your account`);
  }

  async startAdd(): Promise<void> {
    const address = this.addAddress.trim();
    if (address === '') {
      this.task.fail(
        'EMPTY_ADDRESS',
        this.addMedium === 'email' ? 'Enter an email address.' : 'Enter a phone number.',
      );
      return;
    }
    this.outcome = null;
    const medium = this.addMedium;
    const defaultCountry = this.#country === '' ? null : this.#country;
    const started = await this.task.run(() =>
      this.#api.invoke('threepidAddStart', { medium, address, defaultCountry }),
    );
    if (started) {
      this.addAddress = '';
      this.#begin('add', started.value);
    }
  }

  /** "I've confirmed" (link) or the code typed; then bind (share) or add with auth (add). */
  async confirm(): Promise<void> {
    const progress = this.inProgress;
    if (!progress) return;
    const { handle, proof } = progress.validation;
    const code = this.code.trim();
    if (proof === 'code' && code === '' && progress.step === 'proof') {
      this.task.fail('EMPTY_CODE', 'Enter the code from the text message.');
      return;
    }
    if (progress.purpose === 'share') {
      const done = await this.task.run(() =>
        invokeWithTerms(this.#api, 'threepidShareSubmit', {
          handle,
          code: proof === 'code' ? code : null,
        }),
      );
      if (done) {
        this.listing = done.value;
        this.#finish(`${this.#named(progress)} is now shared: people can find you by it`);
      }
      return;
    }
    if (proof === 'code' && progress.step === 'proof') {
      const checked = await this.task.run(() =>
        this.#api.invoke('threepidAddSubmitCode', { handle, code }),
      );
      if (!checked) return;
    }
    const password = progress.step === 'password' ? this.password : null;
    if (progress.step === 'password' && password === '') {
      this.task.fail('EMPTY_PASSWORD', 'Enter your password.');
      return;
    }
    const done = await this.task.run(() =>
      this.#api.invoke('threepidAddFinish', { handle, password }),
    );
    this.password = '';
    if (!done) return;
    const outcome = done.value;
    if (outcome.kind === 'added') {
      this.listing = outcome.listing;
      this.#finish(`Added ${this.#named(progress)} to your account`);
    } else if (outcome.kind === 'needsPassword') {
      this.inProgress = { ...progress, step: 'password' };
    } else {
      this.inProgress = { ...progress, step: 'sso' };
    }
  }

  async resend(): Promise<void> {
    const progress = this.inProgress;
    if (!progress) return;
    const name = progress.purpose === 'share' ? 'threepidShareResend' : 'threepidAddResend';
    const again = await this.task.run(() =>
      invokeWithTerms(this.#api, name, { handle: progress.validation.handle }),
    );
    if (again) {
      this.inProgress = { ...progress, validation: again.value };
      this.outcome =
        progress.validation.proof === 'link' ? 'Sent the mail again' : 'Sent a new code';
    }
  }

  cancel(): void {
    this.#endValidation();
    this.task.clearError();
  }

  #begin(purpose: InProgress['purpose'], validation: ThreepidValidation): void {
    this.code = '';
    this.password = '';
    this.inProgress = { purpose, validation, step: 'proof' };
  }

  #named(progress: InProgress): string {
    return this.display(progress.validation.medium, progress.validation.address);
  }

  #unbound(result: UnbindOutcome, done: string): void {
    this.listing = result.listing;
    this.outcome =
      result.server === null || result.result === 'success'
        ? `${done}.`
        : `${done}, but ${result.server} could not confirm it forgot the address: it may still ` +
          'find you by it.';
  }

  #finish(outcome: string): void {
    this.inProgress = null;
    this.code = '';
    this.outcome = `${outcome}.`;
  }

  #endValidation(): void {
    const progress = this.inProgress;
    this.inProgress = null;
    this.code = '';
    this.password = '';
    if (progress) void this.#api.invoke('threepidCancel', { handle: progress.validation.handle });
  }
}
