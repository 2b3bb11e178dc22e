/**
 * The one typed API between the renderer and main. Every renderer→main command is a valibot
 * schema for its request (main validates every payload against it) plus a result type; every
 * main→renderer event is a payload type. preload.ts, the handlers, the browser bridge and the
 * renderer's client are all derived from this file, so adding a command touches only this file
 * and the core method that answers it (the compiler points at the missing handler).
 *
 * Nothing here carries a token: results and events describe the session, never its secrets.
 */
import * as v from 'valibot';
import type { MatrixLink } from '../core/links/parseMatrixLink.js';
import type { AccountAction } from '../core/login/oauth/accountManagement.js';

export type { AccountAction };

/** The name under which preload (or the test bridge) exposes the API on `window`. */
export const API_GLOBAL = 'matrixApp';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const nonEmpty = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const empty = v.strictObject({});

/** Request schemas. Strict objects: unknown keys are rejected, not ignored. */
export const commandSchemas = {
  ping: empty,
  getState: empty,
  /** Resolve what the user typed (server name or URL) and read its login flows. */
  discover: v.strictObject({ server: nonEmpty(512) }),
  /** Password sign-in against the server found by the last `discover`. */
  loginWithPassword: v.strictObject({ identifier: nonEmpty(512), password: text(4096) }),
  /** SSO sign-in in the system browser; `providerId` null for the server's generic SSO. */
  startSso: v.strictObject({ providerId: v.nullable(nonEmpty(256)) }),
  /** Abandon the sign-in in progress (SSO wait, discovery, password request). */
  cancelLogin: empty,
  /**
   * OAuth device authorization grant ("Sign in on another device"): the code to enter elsewhere
   * arrives in the `waitingForDevice` busy state; `cancelLogin` stops the wait.
   */
  startDeviceGrant: empty,
  /** Open the OAuth server's account page for this action in the browser (MSC4191). */
  openAccountManagement: v.strictObject({ action: v.picklist(['profile', 'sessions']) }),
  signOut: empty,
  /** Check a candidate identity server and fetch its terms; writes nothing. */
  identityCheck: v.strictObject({ server: nonEmpty(512) }),
  /** Use a checked server: accept its terms, register, then write m.identity_server. */
  identityChange: v.strictObject({
    url: nonEmpty(512),
    acceptedPolicyUrls: v.pipe(v.array(text(2048)), v.maxLength(64)),
    acceptNoTerms: v.boolean(),
  }),
  /** What disabling would leave behind: the email addresses and phone numbers still shared. */
  identityDisableCheck: empty,
  /** Write {"base_url": null}: no identity server for this account on any device. */
  identityDisable: empty,
  /** The default the account would fall back to (sign-in or server well-known, or app config). */
  identityDefaultCheck: empty,
  /** Accept the terms of the active identity server (after a change made on another device). */
  identityAcceptTerms: v.strictObject({
    acceptedPolicyUrls: v.pipe(v.array(text(2048)), v.maxLength(64)),
    acceptNoTerms: v.boolean(),
  }),
  identityDismissNotice: empty,
  /** Look up who owns an email address or phone number, through the active identity server. */
  lookupContact: v.strictObject({
    medium: v.picklist(['email', 'msisdn']),
    address: nonEmpty(320),
  }),
  /** Skip the wait before the next reconnection attempt (the indicator's "Retry now"). */
  connectionRetryNow: empty,
  /** The desktop app's notices (a link opened from the OS, an update ready); see DesktopState. */
  desktopState: empty,
  /** Quit and install the downloaded update: only ever on the user's click. */
  restartToUpdate: empty,
  /**
   * Who of these people is on Matrix, through the active identity server (hashed lookups in
   * batches). Progress comes as `bulkLookupProgress` events with the same `lookupId`.
   * `medium` null: detected (an @ means email). `defaultCountry` (ISO 3166 alpha-2, or null)
   * reads phone numbers written without a country code. Every key is required (null for none).
   */
  bulkLookup: v.strictObject({
    lookupId: nonEmpty(64),
    entries: v.pipe(
      v.array(
        v.strictObject({
          address: text(320),
          medium: v.nullable(v.picklist(['email', 'msisdn'])),
        }),
      ),
      v.maxLength(10_000),
    ),
    defaultCountry: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
  }),
  /** Stop the bulk lookup with this id: no further request is sent. */
  bulkLookupCancel: v.strictObject({ lookupId: nonEmpty(64) }),
  /**
   * The user's answer to a `needsPlainConsent` result: may the active server (which offers no
   * hashing) receive looked-up addresses in the clear? Remembered for that server.
   */
  bulkLookupConsentNone: v.strictObject({ server: nonEmpty(512), allow: v.boolean() }),
  /**
   * Test connection (Network settings, issue 12): DNS, TCP, proxy, TLS and HTTP against `server`
   * (a base URL, e.g. the one typed on the sign-in screen), or the signed-in homeserver if null.
   */
  testConnection: v.strictObject({ server: v.nullable(nonEmpty(512)) }),
  /** The proxy setting in force, for the Network panel. */
  networkSettings: empty,
  /** What the renderer may know of the administrator's managed configuration (issue 12). */
  managedSettings: empty,
} satisfies Record<string, v.GenericSchema>;

export type CommandName = keyof typeof commandSchemas;
export type CommandRequest<N extends CommandName> = v.InferOutput<(typeof commandSchemas)[N]>;

/** What each command answers when it succeeds. */
export interface CommandResults {
  ping: { version: string };
  getState: AppState;
  discover: Discovery;
  loginWithPassword: SessionState;
  startSso: SessionState;
  cancelLogin: SessionState;
  startDeviceGrant: SessionState;
  openAccountManagement: { opened: boolean };
  signOut: SessionState;
  identityCheck: IdentityCandidate;
  identityChange: IdentityState;
  identityDisableCheck: DisableImpact;
  identityDisable: IdentityState;
  identityDefaultCheck: IdentityCandidate | null;
  identityAcceptTerms: IdentityState;
  identityDismissNotice: IdentityState;
  lookupContact: { userId: string | null };
  connectionRetryNow: ConnectionStatus;
  desktopState: DesktopState;
  restartToUpdate: { restarting: boolean };
  bulkLookup: BulkLookupResult;
  bulkLookupCancel: { cancelled: boolean };
  bulkLookupConsentNone: { server: string; allowed: boolean };
  testConnection: ConnectionTestResult;
  networkSettings: NetworkSettings;
  managedSettings: ManagedSettings;
}

/** A failure the user should read: `code` for programs and tests, `message` for people. */
export interface UserError {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };
export type CommandResult<N extends CommandName> = Result<CommandResults[N]>;

// ---- Payload shapes --------------------------------------------------------------------------

export interface Discovery {
  /** What the user typed, trimmed. */
  input: string;
  /** The client-server base URL found for it (pre-login; a portal's URL when routed). */
  homeserverUrl: string;
  /** The identity server its .well-known names, if any (a default only, see DESIGN.md). */
  identityServerUrl: string | null;
  flows: LoginFlows;
}

export interface LoginFlows {
  password: boolean;
  /** Identity providers for SSO; one entry with id null for a server that lists none. */
  sso: { id: string | null; name: string }[];
  /** The server only offers OAuth 2.0 (next-generation auth), which this app does not do yet. */
  oauthOnly: boolean;
}

export type BusyStep =
  | 'restoring'
  | 'discovering'
  | 'signingIn'
  | 'waitingForBrowser'
  | 'checkingRedirect'
  | 'waitingForDevice'
  | 'signingOut';

/** What the user needs to approve a device grant on another device (RFC 8628). */
export interface DeviceGrantPrompt {
  userCode: string;
  verificationUri: string;
  /** The link with the code in it, for the QR code; null when the server gives none. */
  verificationUriComplete: string | null;
  /** When the code expires, on main's clock (ms since the epoch). */
  expiresAt: number;
}

export type SessionState =
  | { status: 'signedOut'; notice: UserError | null }
  | {
      status: 'busy';
      step: BusyStep;
      server: string | null;
      /** Set in the `waitingForDevice` step only. */
      deviceGrant?: DeviceGrantPrompt | null;
    }
  | {
      status: 'signedIn';
      userId: string;
      deviceId: string;
      /** Where this session's client-server requests go (the redirect target when routed). */
      homeserverUrl: string;
      /** The URL signed in at (discovery result or portal). Equal to homeserverUrl when not routed. */
      loginServerUrl: string;
      /** Why a redirect offered at sign-in was not followed, or null. */
      redirectRejected: UserError | null;
      /** The OAuth server's account pages this session may open; null without any. */
      accountManagement: { actions: AccountAction[] } | null;
    }
  | {
      /** The server ended the access token but kept the device: sign in again to resume. */
      status: 'softLoggedOut';
      userId: string;
      homeserverUrl: string;
      flows: LoginFlows | null;
      notice: UserError;
    };

export type IdentitySource = 'pending' | 'account' | 'login' | 'discovery' | 'default' | 'none';

export interface IdentityState {
  /** The active identity server, or null for none (not chosen, or disabled by the account). */
  url: string | null;
  /** Where `url` came from; 'pending' until m.identity_server is known for this login. */
  source: IdentitySource;
  /** True when the account explicitly says "no identity server" ({"base_url": null}). */
  disabledByAccount: boolean;
  /** The user accepted this server's terms in this app; nothing is sent to it before that. */
  termsAccepted: boolean;
  /** Set when another device changed the server; cleared when the user dismisses it. */
  changedElsewhere: { from: string | null; to: string | null } | null;
}

export interface Policy {
  id: string;
  name: string;
  url: string;
  version: string;
}

export interface IdentityCandidate {
  url: string;
  /** Empty when the server publishes no terms: the user must confirm that explicitly. */
  policies: Policy[];
}

export interface DisableImpact {
  url: string | null;
  /** Addresses on the account; null when the server could not tell. */
  sharedThreepids: { medium: string; address: string }[] | null;
}

/**
 * Whether the session's live updates (its /sync and the account-data reads) reach the homeserver.
 * `attempt` counts consecutive failures; `retryInMs` is the wait from the moment of the event
 * (0: trying now), `nextTryAt` the same moment on main's clock. `offline` is `reconnecting` after
 * several failures in a row (the SDK's SyncState.Error threshold): the app still retries.
 * `server` is the homeserver's host and `problem` a short description of the last failure, for
 * the user to read. Shaped so matrix-js-sdk's SyncState can feed it (core/net/sdkSyncStatus.ts).
 */
export type ConnectionStatus =
  | { state: 'connected' }
  | {
      state: 'reconnecting' | 'offline';
      server: string;
      problem: string;
      attempt: number;
      retryInMs: number;
      nextTryAt: number;
    };

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

/** The proxy in force (no credentials: those never leave main). */
export interface NetworkSettings {
  mode: 'system' | 'direct' | 'manual' | 'pac';
  /** In words: "the system proxy settings", "the proxy http://proxy.corp:3128"... */
  proxy: string;
  /** Set by the administrator's locked configuration. */
  locked: boolean;
}

/** One step of Test connection; `detail` is words for the user. */
export interface ConnectionTestStep {
  step: 'dns' | 'tcp' | 'proxy' | 'tls' | 'http';
  outcome: 'ok' | 'failed' | 'skipped';
  detail: string;
}

/** What Test connection found (core/net/connectionTest/runConnectionTest.ts). */
export interface ConnectionTestResult {
  server: string;
  /** The proxy setting in words ("the proxy http://proxy.corp:3128", "no proxy"). */
  proxy: string;
  ok: boolean;
  steps: ConnectionTestStep[];
  /** The first failure in words; null when every step passed. */
  failure: string | null;
  /** The certificate the server sent (https), for the user to compare or read out. */
  certificate: {
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    sha256: string;
  } | null;
}

/**
 * The administrator's managed configuration, as far as the UI needs it (core/managed/). The core
 * enforces every rule itself; this only lets the UI hide what would be refused.
 */
export interface ManagedSettings {
  /** Pre-filled on the sign-in screen (a base URL or a server name), or null. */
  defaultServer: string | null;
  /** Only `defaultServer` may be used: the server field is hidden. */
  serverLocked: boolean;
  /** The sign-in methods offered, in order of preference. */
  loginMethods: ('password' | 'sso' | 'oauth')[];
  identityServer: {
    /** False: the identity-server section is not shown (UIFeature.identityServer). */
    shown: boolean;
    /** Set by the administrator: neither changed nor disabled. */
    locked: boolean;
    mayDisable: boolean;
    /** The only servers the user may choose; null: any the URL policy accepts. */
    allowed: string[] | null;
  };
  /** What was wrong in the config files: the file, the key (null: the whole file), in words. */
  problems: { path: string; key: string | null; message: string }[];
}

export interface AppState {
  session: SessionState;
  identity: IdentityState;
  connection: ConnectionStatus;
}

/**
 * What the desktop app (not the core) has to tell the user: a `matrix:` or matrix.to link the OS
 * opened the app with (kept for the room UI to act on), and an update downloaded and ready. Both
 * null outside Electron (the browser bridge) and until something happens.
 */
export interface DesktopState {
  openedLink: { text: string; link: MatrixLink } | null;
  updateReady: { version: string } | null;
}

/** main→renderer events. */
export interface AppEvents {
  session: SessionState;
  identity: IdentityState;
  connection: ConnectionStatus;
  desktop: DesktopState;
  bulkLookupProgress: BulkLookupProgress;
}
export type EventName = keyof AppEvents;
export const eventNames = [
  'session',
  'identity',
  'connection',
  'desktop',
  'bulkLookupProgress',
] as const satisfies readonly EventName[];
export const commandNames = Object.keys(commandSchemas) as CommandName[];

/** The API the renderer sees on `window[API_GLOBAL]`. */
export interface AppApi {
  invoke<N extends CommandName>(name: N, request: CommandRequest<N>): Promise<CommandResult<N>>;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}

/** IPC channel names, derived so preload and main cannot drift apart. */
export const commandChannel = (name: CommandName) => `cmd:${name}`;
export const eventChannel = (name: EventName) => `evt:${name}`;

/** The handler side: one method per command, answering with the result type (or throwing). */
export type CommandHandlers = {
  [N in CommandName]: (request: CommandRequest<N>) => Promise<CommandResults[N]>;
};
