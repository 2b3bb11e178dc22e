/** What a bulk lookup answers and how far it got (identity/lookup/BulkLookupFlow.ts). */
export interface BulkLookupMatch {
  /** What the user gave, as given. */
  input: string;
  medium: 'email' | 'msisdn';
  /** The normalised form that was looked up (lower-cased email, MSISDN digits). */
  address: string;
  /** Who published it on the server, or null. */
  userId: string | null;
  /** Their display name from the homeserver's profile, when it gave one (the first 200). */
  displayName: string | null;
}

export type BulkLookupResult =
  | {
      kind: 'done';
      server: string;
      /** One entry per distinct address, in the order first given. */
      matches: BulkLookupMatch[];
      /** Inputs that are neither an email address nor a phone number. */
      invalid: { input: string; reason: string }[];
    }
  /** The server offers only plain-text lookups: ask the user (naming these addresses) first. */
  | { kind: 'needsPlainConsent'; server: string; addresses: string[] }
  | { kind: 'cancelled' };

export interface BulkLookupProgress {
  lookupId: string;
  /** Distinct addresses answered so far, of `total`. */
  done: number;
  total: number;
}
