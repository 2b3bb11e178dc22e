/**
 * "Find people": look up a whole list of addresses through the active identity server. Holds
 * the list being typed, the default country (remembered in localStorage: it is a preference, not
 * a secret), the lookup in flight with its progress, the last results, and the consent question
 * for a server that only takes addresses in the clear.
 */
import type { Api } from './api';
import { importContactsFile, parsePastedAddresses } from './contactImport';
import type { BulkLookupMatch } from './contract';
import { Task } from './task.svelte';
import { invokeWithTerms } from './termsOnDemand.svelte';
import { readDefaultCountry, saveDefaultCountry } from './defaultCountry';

/** The contract's limit per lookup. */
export const MAX_ADDRESSES = 10_000;

export interface BulkResults {
  server: string;
  matches: BulkLookupMatch[];
  invalid: { input: string; reason: string }[];
}

export interface PlainConsentQuestion {
  server: string;
  addresses: string[];
}

export class BulkLookupModel {
  /** The textarea: one address per line (imports are appended here, so the user sees them). */
  text = $state('');
  #country = $state(readDefaultCountry());
  progress = $state<{ done: number; total: number } | null>(null);
  results = $state<BulkResults | null>(null);
  consent = $state<PlainConsentQuestion | null>(null);
  /** A sentence about the last import, cancel or refusal. */
  notice = $state<string | null>(null);
  readonly task = new Task();
  readonly consentTask = new Task();
  #lookupId: string | null = null;
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  /** ISO 3166 alpha-2, or '' for none. */
  get country(): string {
    return this.#country;
  }

  set country(value: string) {
    this.#country = value;
    saveDefaultCountry(value);
  }

  get addresses(): string[] {
    return parsePastedAddresses(this.text);
  }

  /** Progress events of the lookup in flight; call once, returns the unsubscriber. */
  listen(): () => void {
    return this.#api.on('bulkLookupProgress', (progress) => {
      if (progress.lookupId !== this.#lookupId) return;
      this.progress = { done: progress.done, total: progress.total };
    });
  }

  importFile(fileName: string, content: string): void {
    const outcome = importContactsFile(fileName, content);
    if (!outcome.ok) {
      this.task.fail('IMPORT_EMPTY', outcome.reason);
      return;
    }
    this.task.clearError();
    const existing = this.text.trimEnd();
    this.text = `${existing === '' ? '' : `${existing}\n`}${outcome.addresses.join('\n')}\n`;
    const count = outcome.addresses.length;
    this.notice = `Added ${count.toLocaleString('en')} ${count === 1 ? 'address' : 'addresses'} from ${fileName}.`;
  }

  async lookUp(): Promise<void> {
    const addresses = this.addresses;
    this.notice = null;
    if (addresses.length === 0) {
      this.task.fail('EMPTY_LIST', 'Paste or import at least one email address or phone number.');
      return;
    }
    if (addresses.length > MAX_ADDRESSES) {
      this.task.fail(
        'TOO_MANY',
        `That is ${addresses.length.toLocaleString('en')} addresses; look up at most ${MAX_ADDRESSES.toLocaleString('en')} at a time.`,
      );
      return;
    }
    const lookupId = crypto.randomUUID();
    this.#lookupId = lookupId;
    this.progress = null;
    const defaultCountry = this.#country === '' ? null : this.#country;
    const entries = addresses.map((address) => ({ address, medium: null }));
    const answer = await this.task.run(() =>
      invokeWithTerms(this.#api, 'bulkLookup', { lookupId, entries, defaultCountry }),
    );
    if (this.#lookupId !== lookupId) return;
    this.#lookupId = null;
    this.progress = null;
    if (!answer) return;
    const result = answer.value;
    if (result.kind === 'done') {
      this.results = { server: result.server, matches: result.matches, invalid: result.invalid };
    } else if (result.kind === 'needsPlainConsent') {
      this.consentTask.clearError();
      this.consent = { server: result.server, addresses: result.addresses };
    } else {
      this.notice = 'Lookup cancelled; nothing more was sent.';
    }
  }

  async cancel(): Promise<void> {
    const lookupId = this.#lookupId;
    if (lookupId === null) return;
    await this.#api.invoke('bulkLookupCancel', { lookupId });
  }

  /** The user's answer to the consent dialog; on Allow, the lookup runs again. */
  async answerConsent(allow: boolean): Promise<void> {
    const question = this.consent;
    if (!question) return;
    const answered = await this.consentTask.run(() =>
      this.#api.invoke('bulkLookupConsentNone', { server: question.server, allow }),
    );
    if (!answered) return;
    this.consent = null;
    if (allow) {
      await this.lookUp();
    } else {
      this.notice = `Nothing was looked up: ${question.server} only takes addresses in the clear, and you did not allow that.`;
    }
  }

  closeConsent(): void {
    if (this.consentTask.pending) return;
    this.consent = null;
    this.consentTask.clearError();
  }

  /**
   * The active identity server changed or stopped: stop the lookup in flight, drop a consent
   * question about the old server, and forget results that came from it.
   */
  serverChanged(): void {
    if (this.#lookupId !== null) {
      void this.cancel();
      this.#lookupId = null;
      this.progress = null;
      this.notice = 'The identity server changed, so the lookup was stopped.';
    }
    this.consent = null;
    this.results = null;
  }
}
