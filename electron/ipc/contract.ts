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
// Domain types belong to the core; the contract uses them (and re-exports them for the renderer).
import type { UserError } from '../core/UserFacingError.js';
import type { InviteAddressResult } from '../core/rooms/inviteTypes.js';
import { MXC_URI_PATTERN } from '../core/media/mxcUri.js';
import type { Thumbnail } from '../core/media/MediaThumbnails.js';
import type { DownloadProgress, DownloadResult } from '../core/media/MediaDownloads.js';
import type { EncryptionStatus } from '../core/crypto/encryptionStatus.js';
import type { Discovery } from '../core/login/discovery.js';
import type { SessionState } from '../core/session/sessionState.js';
import type {
  DisableImpact,
  IdentityCandidate,
  IdentityState,
} from '../core/identity/identityState.js';
import type { ConnectionStatus } from '../core/net/connectionStatus.js';
import type {
  BulkLookupProgress,
  BulkLookupResult,
} from '../core/identity/lookup/bulkLookupTypes.js';
import type { ConnectionTestResult } from '../core/net/connectionTest/connectionTestResult.js';
import type { ManagedSettings } from '../core/managed/managedSettings.js';
import type {
  CaCandidate,
  NetworkSettings,
  ProxyAuthPromptEvent,
} from '../core/net/proxy/networkSettings.js';
import type {
  OlderItems,
  OpenedRoom,
  RoomListDiff,
  RoomSummary,
  TimelineDiff,
  TimelineItem,
} from '../core/rooms/roomTypes.js';
import type {
  BulkLookupCancelRequest,
  BulkLookupConsentNoneRequest,
  BulkLookupRequest,
  IdentityAcceptTermsRequest,
  IdentityChangeRequest,
  IdentityCheckRequest,
  LookupContactRequest,
} from '../core/identity/identityRequests.js';
import type {
  ThreepidAddFinishRequest,
  ThreepidAddOutcome,
  ThreepidAddressRequest,
  ThreepidAddStartRequest,
  ThreepidAddSubmitCodeRequest,
  ThreepidHandleRequest,
  ThreepidListing,
  ThreepidShareSubmitRequest,
  ThreepidValidation,
  UnbindOutcome,
} from '../core/identity/threepids/threepidTypes.js';
export type {
  ThreepidAddOutcome,
  ThreepidListing,
  ThreepidValidation,
  UnbindOutcome,
} from '../core/identity/threepids/threepidTypes.js';
export type { UserError } from '../core/UserFacingError.js';
export type { InviteAddressResult } from '../core/rooms/inviteTypes.js';
export type { Thumbnail } from '../core/media/MediaThumbnails.js';
export type { DownloadProgress, DownloadResult } from '../core/media/MediaDownloads.js';
export type { EncryptionStatus } from '../core/crypto/encryptionStatus.js';
export type { Discovery, LoginFlows } from '../core/login/discovery.js';
export type { BusyStep, SessionState } from '../core/session/sessionState.js';
export type { DeviceGrantPrompt } from '../core/login/methods/DeviceGrantLoginMethod.js';
export type { AccountAction } from '../core/login/oauth/accountManagement.js';
export type {
  DisableImpact,
  IdentityCandidate,
  IdentitySource,
  IdentityState,
  Policy,
} from '../core/identity/identityState.js';
export type { ConnectionStatus } from '../core/net/connectionStatus.js';
export type {
  BulkLookupMatch,
  BulkLookupProgress,
  BulkLookupResult,
} from '../core/identity/lookup/bulkLookupTypes.js';
export type {
  ConnectionTestResult,
  ConnectionTestStep,
} from '../core/net/connectionTest/connectionTestResult.js';
export type { ManagedSettings } from '../core/managed/managedSettings.js';
export type {
  CaCandidate,
  NetworkSettings,
  ProxyAuthPromptEvent,
  ProxySettingValue,
  TrustedCa,
} from '../core/net/proxy/networkSettings.js';
export type {
  OlderItems,
  OpenedRoom,
  RichNode,
  RichTag,
  RoomListDiff,
  RoomSummary,
  TimelineDiff,
  TimelineItem,
  TimelineItemKind,
} from '../core/rooms/roomTypes.js';

/** The name under which preload (or the test bridge) exposes the API on `window`. */
export const API_GLOBAL = 'matrixApp';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const nonEmpty = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const empty = v.strictObject({});
const threepidMedium = v.picklist(['email', 'msisdn']);
/** An opaque name for a validation in progress (a UUID made by main). */
const validationHandle = v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/));
/** "AB:CD:…", as Node's X509Certificate.fingerprint256 and browsers write it. */
const sha256Fingerprint = v.pipe(v.string(), v.regex(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/));
/** The shape of a proxy setting; the core checks the URLs (core/net/proxy/proxySetting.ts). */
const proxySettingRequest = v.variant('mode', [
  v.strictObject({ mode: v.literal('system') }),
  v.strictObject({ mode: v.literal('direct') }),
  v.strictObject({
    mode: v.literal('manual'),
    url: nonEmpty(2048),
    bypass: v.pipe(v.array(text(512)), v.maxLength(100)),
  }),
  v.strictObject({ mode: v.literal('pac'), pac_url: nonEmpty(2048) }),
]);
const roomId = v.pipe(v.string(), v.regex(/^![^:\s]+:\S+$/), v.maxLength(255));
const eventId = v.pipe(v.string(), v.regex(/^\$\S+$/), v.maxLength(255));
/** A thumbnail's side in pixels: what an avatar needs, not a way to fetch whole pictures. */
const thumbnailSide = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(800));

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
  /** OAuth 2.0 sign-in in the system browser, at the chosen (or soft-logged-out) server. */
  startOAuth: empty,
  /** Abandon the sign-in in progress (SSO wait, discovery, password request). */
  cancelLogin: empty,
  /**
   * OAuth device authorization grant ("Sign in on another device"): the code to enter elsewhere
   * arrives in the `waitingForDevice` busy state; `cancelLogin` stops the wait.
   */
  startDeviceGrant: empty,
  /** Open the OAuth server's account page for this action in the browser (MSC4191). */
  openAccountManagement: v.strictObject({
    action: v.picklist(['profile', 'sessions', 'password']),
  }),
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
   * Settings → Email addresses and phone numbers (issue 11): the account's addresses and whether
   * people find the user by each on the active identity server. Validations in progress are
   * named by an opaque `handle`; their secrets stay in main.
   */
  threepidList: empty,
  /** Share an address with the active identity server: it mails a link or texts a code. */
  threepidShareStart: v.strictObject({ medium: threepidMedium, address: nonEmpty(320) }),
  /** Send the mail or text again (send_attempt + 1). */
  threepidShareResend: v.strictObject({ handle: validationHandle }),
  /** The link was followed (`code` null) or the texted code typed: bind on the homeserver. */
  threepidShareSubmit: v.strictObject({
    handle: validationHandle,
    code: v.nullable(nonEmpty(64)),
  }),
  /** Stop sharing: the homeserver asks the active identity server to forget the address. */
  threepidStopSharing: v.strictObject({ medium: threepidMedium, address: nonEmpty(320) }),
  /** Add an address to the account: the homeserver mails a link or texts a code. */
  threepidAddStart: v.strictObject({
    medium: threepidMedium,
    address: nonEmpty(320),
    defaultCountry: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
  }),
  threepidAddResend: v.strictObject({ handle: validationHandle }),
  /** The code texted by the homeserver (phone numbers). */
  threepidAddSubmitCode: v.strictObject({ handle: validationHandle, code: nonEmpty(64) }),
  /** Add it; the homeserver asks for the password again (or SSO in the browser). */
  threepidAddFinish: v.strictObject({
    handle: validationHandle,
    password: v.nullable(text(4096)),
  }),
  /** Remove an address from the account (and from the active identity server). */
  threepidRemove: v.strictObject({ medium: threepidMedium, address: nonEmpty(320) }),
  /** Abandon a validation in progress. */
  threepidCancel: v.strictObject({ handle: validationHandle }),
  /**
   * Test connection (Network settings, issue 12): DNS, TCP, proxy, TLS and HTTP against `server`
   * (a base URL, e.g. the one typed on the sign-in screen), or the signed-in homeserver if null.
   */
  testConnection: v.strictObject({ server: v.nullable(nonEmpty(512)) }),
  /** The proxy setting in force, for the Network panel. */
  networkSettings: empty,
  /** What the renderer may know of the administrator's managed configuration (issue 12). */
  managedSettings: empty,
  /** The user's proxy choice (Settings → Network); refused when the administrator locked it. */
  setProxy: v.strictObject({ setting: proxySettingRequest }),
  /** The user's answer to a `proxyAuthPrompt`: credentials (the password only goes this way), or null to cancel. */
  proxyAuthAnswer: v.strictObject({
    id: nonEmpty(64),
    answer: v.nullable(
      v.strictObject({ username: nonEmpty(256), password: text(1024), remember: v.boolean() }),
    ),
  }),
  /** Forget the remembered sign-in for a proxy (an origin from NetworkSettings.rememberedProxies). */
  forgetProxyCredentials: v.strictObject({ proxy: nonEmpty(2048) }),
  /** The CA that would make `server`'s certificate trusted (null: the signed-in homeserver). */
  trustCaCheck: v.strictObject({ server: v.nullable(nonEmpty(512)) }),
  /** Trust the CA a trustCaCheck offered, named by its SHA-256 fingerprint. */
  trustCa: v.strictObject({ sha256: sha256Fingerprint }),
  /** Stop trusting a CA the user trusted. */
  untrustCa: v.strictObject({ sha256: sha256Fingerprint }),
  /** The whole room list now; later changes come as `roomList` events. */
  roomList: empty,
  /** Show this room: its recent items; later changes come as `timeline` events. */
  roomOpen: v.strictObject({ roomId: roomId }),
  /** No room shown: no more `timeline` events. */
  roomClose: empty,
  /** Older items of the open room (back-pagination). */
  roomPaginate: v.strictObject({ roomId: roomId }),
  /** Send a text message; it shows at once as a local echo (`sending`). */
  roomSend: v.strictObject({ roomId: roomId, body: nonEmpty(32_768) }),
  /** Send a message that failed again (its local ID, `~…`). */
  roomRetry: v.strictObject({ roomId: roomId, localId: nonEmpty(300) }),
  /** Read receipt and read marker at the newest event. */
  roomMarkRead: v.strictObject({ roomId: roomId }),
  roomInvite: v.strictObject({ roomId: roomId, userId: nonEmpty(255) }),
  /**
   * Invite by Matrix ID, email address or phone number (`medium` null: detected). An address is
   * looked up on the active identity server first; nobody sharing it answers
   * `needsConfirmation`, and the same request with `confirmThirdParty` sends a third-party
   * invite through that server.
   */
  roomInviteAddress: v.strictObject({
    roomId: roomId,
    address: nonEmpty(320),
    medium: v.nullable(threepidMedium),
    defaultCountry: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/))),
    confirmThirdParty: v.boolean(),
  }),
  /** A room ID, an alias, or a matrix.to / matrix: link; also accepts an invitation. */
  roomJoin: v.strictObject({ target: nonEmpty(4096) }),
  /** Leave a room or decline an invitation. */
  roomLeave: v.strictObject({ roomId: roomId }),
  /** A new room, or a DM (`direct`, one invitee). Private rooms and DMs encrypt by default. */
  roomCreate: v.strictObject({
    name: text(255),
    topic: text(1024),
    invite: v.pipe(v.array(nonEmpty(255)), v.maxLength(50)),
    direct: v.boolean(),
    encrypted: v.boolean(),
    public: v.boolean(),
  }),
  /**
   * A picture (an avatar) named by the mxc URI a room or timeline item carried: main fetches it
   * from the homeserver and answers its bytes (PNG, JPEG, GIF or WebP only).
   */
  mediaThumbnail: v.strictObject({
    mxc: v.pipe(v.string(), v.maxLength(600), v.regex(MXC_URI_PATTERN)),
    width: thumbnailSide,
    height: thumbnailSide,
  }),
  /**
   * Save the file or image of a timeline event: main asks where (the save dialog), downloads
   * and decrypts it; progress comes as `mediaDownloadProgress` events.
   */
  mediaDownload: v.strictObject({ roomId: roomId, eventId: eventId }),
  /** Whether the device's end-to-end encryption runs; later changes come as `encryption` events. */
  encryptionStatus: empty,
} satisfies Record<string, v.GenericSchema>;

export type CommandName = keyof typeof commandSchemas;
export type CommandRequest<N extends CommandName> = v.InferOutput<(typeof commandSchemas)[N]>;

/** True when A and B are the same type (each assignable to the other). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * The core takes the identity commands' requests in its own types (core/identity/
 * identityRequests.ts): a schema that drifts from them fails to compile here.
 */
export type CoreRequestsMatchSchemas = [
  Same<CommandRequest<'identityCheck'>, IdentityCheckRequest>,
  Same<CommandRequest<'identityChange'>, IdentityChangeRequest>,
  Same<CommandRequest<'identityAcceptTerms'>, IdentityAcceptTermsRequest>,
  Same<CommandRequest<'lookupContact'>, LookupContactRequest>,
  Same<CommandRequest<'bulkLookup'>, BulkLookupRequest>,
  Same<CommandRequest<'bulkLookupCancel'>, BulkLookupCancelRequest>,
  Same<CommandRequest<'bulkLookupConsentNone'>, BulkLookupConsentNoneRequest>,
  Same<CommandRequest<'threepidShareStart'>, ThreepidAddressRequest>,
  Same<CommandRequest<'threepidShareResend'>, ThreepidHandleRequest>,
  Same<CommandRequest<'threepidShareSubmit'>, ThreepidShareSubmitRequest>,
  Same<CommandRequest<'threepidStopSharing'>, ThreepidAddressRequest>,
  Same<CommandRequest<'threepidAddStart'>, ThreepidAddStartRequest>,
  Same<CommandRequest<'threepidAddResend'>, ThreepidHandleRequest>,
  Same<CommandRequest<'threepidAddSubmitCode'>, ThreepidAddSubmitCodeRequest>,
  Same<CommandRequest<'threepidAddFinish'>, ThreepidAddFinishRequest>,
  Same<CommandRequest<'threepidRemove'>, ThreepidAddressRequest>,
  Same<CommandRequest<'threepidCancel'>, ThreepidHandleRequest>,
] extends true[]
  ? true
  : never;
const coreRequestsMatchSchemas: CoreRequestsMatchSchemas = true;
void coreRequestsMatchSchemas;

/** What each command answers when it succeeds. */
export interface CommandResults {
  ping: { version: string };
  getState: AppState;
  discover: Discovery;
  loginWithPassword: SessionState;
  startSso: SessionState;
  startOAuth: SessionState;
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
  threepidList: ThreepidListing;
  threepidShareStart: ThreepidValidation;
  threepidShareResend: ThreepidValidation;
  threepidShareSubmit: ThreepidListing;
  threepidStopSharing: UnbindOutcome;
  threepidAddStart: ThreepidValidation;
  threepidAddResend: ThreepidValidation;
  threepidAddSubmitCode: ThreepidValidation;
  threepidAddFinish: ThreepidAddOutcome;
  threepidRemove: UnbindOutcome;
  threepidCancel: { cancelled: boolean };
  testConnection: ConnectionTestResult;
  networkSettings: NetworkSettings;
  managedSettings: ManagedSettings;
  setProxy: NetworkSettings;
  proxyAuthAnswer: { answered: true };
  forgetProxyCredentials: NetworkSettings;
  trustCaCheck: CaCandidate;
  trustCa: NetworkSettings;
  untrustCa: NetworkSettings;
  roomList: { rooms: RoomSummary[] };
  roomOpen: OpenedRoom;
  roomClose: Record<string, never>;
  roomPaginate: OlderItems;
  roomSend: TimelineItem;
  roomRetry: Record<string, never>;
  roomMarkRead: Record<string, never>;
  roomInvite: Record<string, never>;
  roomInviteAddress: InviteAddressResult;
  roomJoin: { roomId: string };
  roomLeave: Record<string, never>;
  roomCreate: { roomId: string };
  mediaThumbnail: Thumbnail;
  mediaDownload: DownloadResult;
  encryptionStatus: EncryptionStatus;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };
export type CommandResult<N extends CommandName> = Result<CommandResults[N]>;

// ---- Payload shapes --------------------------------------------------------------------------

export interface AppState {
  session: SessionState;
  identity: IdentityState;
  connection: ConnectionStatus;
}

/**
 * What main writes into the window's first page when it serves it (electron/window/firstPage.ts):
 * `getState`'s and `managedSettings`' answers as they stand, so the first render shows the right
 * screen without waiting for them. The page still subscribes and asks; this only saves the wait.
 */
export interface FirstState {
  state: AppState;
  managed: ManagedSettings;
}

/** The id of the page's `<script type="application/json">` element that carries FirstState. */
export const FIRST_STATE_ELEMENT_ID = 'first-state';

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
  /** A proxy asks for a sign-in (null: no prompt open any more). */
  proxyAuthPrompt: ProxyAuthPromptEvent | null;
  roomList: RoomListDiff;
  timeline: TimelineDiff;
  mediaDownloadProgress: DownloadProgress;
  /** The device's encryption stopped working (or works again): the app-level banner. */
  encryption: EncryptionStatus;
}
export type EventName = keyof AppEvents;
export const eventNames = [
  'session',
  'identity',
  'connection',
  'desktop',
  'bulkLookupProgress',
  'proxyAuthPrompt',
  'roomList',
  'timeline',
  'mediaDownloadProgress',
  'encryption',
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
