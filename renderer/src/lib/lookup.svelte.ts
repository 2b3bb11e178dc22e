/** "Find someone": who owns an email address or phone number, via the active identity server. */
import type { Api } from './api';
import { Task } from './task.svelte';
import { invokeWithTerms } from './termsOnDemand.svelte';

export type Medium = 'email' | 'msisdn';

export interface LookupAnswer {
  address: string;
  userId: string | null;
}

export interface MediumLabels {
  option: string;
  field: string;
  hint: string;
  empty: string;
}

export const mediumLabels: Record<Medium, MediumLabels> = {
  email: {
    option: 'Email',
    field: 'Email address',
    hint: 'For example alice@example.org',
    empty: 'Enter an email address.',
  },
  msisdn: {
    option: 'Phone',
    field: 'Phone number',
    hint: 'International format with country code, for example +44 7700 900123',
    empty: 'Enter a phone number.',
  },
};

export class LookupModel {
  medium = $state<Medium>('email');
  address = $state('');
  /** The last answer; kept when a later lookup fails. */
  answer = $state<LookupAnswer | null>(null);
  readonly task = new Task();
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async lookUp(): Promise<void> {
    const address = this.address.trim();
    if (address === '') {
      this.task.fail('EMPTY_ADDRESS', mediumLabels[this.medium].empty);
      return;
    }
    const medium = this.medium;
    const found = await this.task.run(() =>
      invokeWithTerms(this.#api, 'lookupContact', { medium, address }),
    );
    if (found) this.answer = { address, userId: found.value.userId };
  }
}

export function lookupAnswerText(answer: LookupAnswer): string {
  return answer.userId === null
    ? `No one found for ${answer.address}`
    : `${answer.address} belongs to ${answer.userId}`;
}
