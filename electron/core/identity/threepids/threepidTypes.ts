/**
 * What Settings → Email addresses and phone numbers shows and what its commands answer (issue
 * 11). The IPC contract re-exports these; validations in progress are named by an opaque handle,
 * their client secret and sid stay in main.
 */
/** The account's email addresses and phone numbers, as Settings shows them. */
export interface ThreepidListing {
  threepids: {
    medium: 'email' | 'msisdn';
    /** Lower-cased email, or MSISDN digits (the renderer formats phone numbers). */
    address: string;
    /** Found as the user's on `identityServer`; null when not checked (see `notChecked`). */
    discoverable: boolean | null;
  }[];
  /** The active identity server the answers are about, or null for none. */
  identityServer: string | null;
  /** Why `discoverable` is null (no server, terms not accepted here...), in words. */
  notChecked: string | null;
  /** The homeserver delegates accounts to OAuth: add and remove on its account page instead. */
  accountManagedElsewhere: boolean;
}

/** A validation in progress: where the proof went and how the user gives it. */
export interface ThreepidValidation {
  handle: string;
  medium: 'email' | 'msisdn';
  address: string;
  /** Who sent the mail or text: the identity server (share) or the homeserver (add). */
  server: string;
  /** 'link': the user follows the link in the mail; 'code': they type the texted code. */
  proof: 'link' | 'code';
  sendAttempt: number;
}

/** `id_server_unbind_result` as the homeserver gave it, and the list afterwards. */
export interface UnbindOutcome {
  /** 'no-support': the identity server may still hold the address. */
  result: 'success' | 'no-support';
  /** The identity server concerned (null: none was active, none was asked). */
  server: string | null;
  listing: ThreepidListing;
}

export type ThreepidAddOutcome =
  | { kind: 'added'; listing: ThreepidListing }
  /** Type the account password again, then call threepidAddFinish with it. */
  | { kind: 'needsPassword' }
  /** The homeserver's SSO confirmation page is open in the browser; call again when done. */
  | { kind: 'ssoOpened'; server: string };

/** What the 3PID commands ask for, as the core takes it (contract.ts checks its schemas match). */
export interface ThreepidAddressRequest {
  medium: 'email' | 'msisdn';
  address: string;
}

export interface ThreepidHandleRequest {
  handle: string;
}

export interface ThreepidShareSubmitRequest {
  handle: string;
  /** null: the mailed link was followed. */
  code: string | null;
}

export interface ThreepidAddStartRequest {
  medium: 'email' | 'msisdn';
  address: string;
  defaultCountry: string | null;
}

export interface ThreepidAddSubmitCodeRequest {
  handle: string;
  code: string;
}

export interface ThreepidAddFinishRequest {
  handle: string;
  password: string | null;
}
