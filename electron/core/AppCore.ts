/**
 * The composition root of the main-process logic: owns the session and the identity-server
 * state and answers every contract command. Hosted by Electron main (electron/main.ts) and,
 * unchanged, by the test bridge and the benchmarks.
 */
import type {
  AppEvents,
  AppState,
  CommandHandlers,
  CommandRequest,
  EventName,
  FirstState,
} from '../ipc/contract.js';
import type { ManagedConfigResult } from '../config/managedConfig.js';
import { encryptionStatus } from './crypto/encryptionStatus.js';
import { IdentityLocalStore } from './identity/IdentityLocalStore.js';
import type { IdentityManager } from './identity/IdentityManager.js';
import { accountManagementUrl } from './login/oauth/accountManagement.js';
import { ManagedPolicy } from './managed/ManagedPolicy.js';
import { hostOf } from './net/hostOf.js';
import { withGuardedFetch } from './net/guardedFetch.js';
import { createNetworkCommands } from './net/proxy/networkCommands.js';
import { checkBaseUrl } from './net/urlPolicy.js';
import type { Platform } from './platform.js';
import type { MediaDownloads } from './media/MediaDownloads.js';
import type { MediaThumbnails } from './media/MediaThumbnails.js';
import type { RoomsService } from './rooms/RoomsService.js';
import type { MatrixSession } from './session/MatrixSession.js';
import { loadSessionModule, type SessionModule } from './session/loadSessionModule.js';
import type { SessionManager } from './session/SessionManager.js';
import { SessionVault } from './session/SessionVault.js';
import { NO_CONNECTION_TROUBLE, NO_IDENTITY_SERVER, SIGNED_OUT } from './signedOutState.js';
import { UserFacingError } from './UserFacingError.js';

export interface AppConfig {
  appVersion: string;
  /** Admin/app default identity server: the last resort of DESIGN.md's resolution order. */
  defaultIdentityServer: string | null;
  /** The administrator's managed configuration (issue 12) with its problems, for the UI. */
  managedConfig?: ManagedConfigResult;
}

export type CoreEventListener = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

export interface AppCoreApi {
  readonly handlers: CommandHandlers;
  /** Subscribe to main→renderer events; returns the unsubscribe function. */
  onEvent(listener: CoreEventListener): () => void;
  /** Resume a stored session, if any. Call once after construction. */
  start(): Promise<void>;
  /**
   * `getState`'s and `managedSettings`' answers when known without waiting (start() was called
   * and has no stored session to restore, or has restored it), else null: what main writes into
   * the window's first page (window/firstPage.ts).
   */
  firstState(): FirstState | null;
  /** Stop sync loops, timers and listeners. Does not sign out. */
  dispose(): Promise<void>;
}

type IdentityCommand = Extract<
  keyof CommandHandlers,
  `identity${string}` | 'lookupContact' | `bulkLookup${string}` | `threepid${string}`
>;

export function createAppCore(rawPlatform: Platform, config: AppConfig): AppCoreApi {
  // Every request of the core, whoever makes it, follows no unchecked redirect and reads no
  // unbounded body (net/guardedFetch.ts).
  const platform = withGuardedFetch(rawPlatform);
  const listeners = new Set<CoreEventListener>();
  const emit: CoreEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const appDefaultIs = checkBaseUrl(config.defaultIdentityServer);
  const managed = new ManagedPolicy(config.managedConfig);
  let identity: IdentityManager | null = null;
  let stopConnectionEvents: (() => void) | null = null;
  let rooms: RoomsService | null = null;
  // Media of the signed-in session (avatars, downloads) and its encryption banner's feed.
  let media: { thumbnails: MediaThumbnails; downloads: MediaDownloads } | null = null;
  let stopEncryptionEvents: (() => void) | null = null;
  // The session code (matrix-js-sdk and all that hangs off it) is loaded on first need, through
  // the one seam loadSessionModule.ts: a stored session to restore, discovery or a sign-in.
  let sessions: SessionManager | null = null;
  let sessionsLoading: Promise<SessionManager> | null = null;
  let disposed = false;
  // Settles once start() has restored the stored session, if any: getState waits for it, so the
  // window shows a stored session straight away, never the sign-in form first.
  let restored: Promise<void> = Promise.resolve();
  // False until start() knows whether a stored session is to be restored, and while it is.
  let stateKnown = false;

  // The proxy and the user's CAs, applied by start() before any request: the session code (every
  // request to a server goes through it) is not loaded before they are. The window may show the
  // sign-in form before that (firstState), so a quick Continue must not go out unrouted.
  let networkReady: Promise<void> = Promise.resolve();

  const loadSessions = (): Promise<SessionManager> => {
    sessionsLoading ??= networkReady.then(loadSessionModule).then(
      (module) => (sessions = createSessions(module)),
      (error: unknown) => {
        sessionsLoading = null;
        platform.log.error('loading the session code failed', { error: String(error) });
        throw new UserFacingError(
          'SESSION_CODE_MISSING',
          'The sign-in code of this app could not be loaded: reinstall the app.',
        );
      },
    );
    return sessionsLoading;
  };

  const createSessions = ({
    SessionManager,
    IdentityManager,
    RoomsService,
    MediaThumbnails,
    MediaDownloads,
  }: SessionModule) =>
    new SessionManager(
      platform,
      {
        emit: (state) => emit('session', state),
        opened(session: MatrixSession) {
          identity = new IdentityManager({
            platform,
            client: session.client,
            userId: session.record.userId,
            defaults: {
              login: session.record.identityDefaults.login,
              discovery: session.record.identityDefaults.discovery,
              app: appDefaultIs.ok ? appDefaultIs.url : null,
            },
            emit: (state) => emit('identity', state),
            emitBulkLookupProgress: (progress) => emit('bulkLookupProgress', progress),
            reconnector: session.reconnector,
          });
          emit('identity', identity.state());
          stopConnectionEvents = session.reconnector.onStatus((status) =>
            emit('connection', status),
          );
          emit('connection', session.reconnector.status);
          rooms = new RoomsService(
            session.client,
            session.record.homeserverUrl,
            (diff) => emit('roomList', diff),
            (diff) => emit('timeline', diff),
            () => session.encryptionProblem,
            platform.clock,
          );
          rooms.start();
          media = {
            thumbnails: new MediaThumbnails(session.client),
            downloads: new MediaDownloads(session.client, platform, (progress) =>
              emit('mediaDownloadProgress', progress),
            ),
          };
          stopEncryptionEvents = session.onEncryptionProblem((problem) =>
            emit('encryption', encryptionStatus(problem)),
          );
          // The gate: the manager reads m.identity_server before it allows any IS request.
          identity
            .start()
            .catch((error: unknown) =>
              platform.log.error('identity server start failed', { error: String(error) }),
            );
        },
        closed(how, userId) {
          rooms?.stop();
          rooms = null;
          media = null;
          stopEncryptionEvents?.();
          stopEncryptionEvents = null;
          emit('encryption', encryptionStatus(null));
          emit('roomList', { op: 'reset', rooms: [] });
          const ending = identity;
          identity = null;
          emit('identity', NO_IDENTITY_SERVER);
          stopConnectionEvents?.();
          stopConnectionEvents = null;
          emit('connection', NO_CONNECTION_TROUBLE);
          // A soft logout keeps the device and so its identity-server tokens and accepted terms,
          // for the same user signing in again. A hard logout (the device is gone on the server)
          // leaves nothing, as a sign-out does (whose beforeSignOut already did this).
          if (how === 'hard') {
            if (ending) void ending.signOut().finally(() => ending.stop());
            else new IdentityLocalStore(platform, userId).forgetUser();
            return;
          }
          ending?.stop();
        },
        async beforeSignOut() {
          await identity?.signOut();
        },
      },
      { staticOAuthClients: managed.staticOAuthClients },
    );

  const requireIdentity = (): IdentityManager => {
    if (!identity)
      throw new UserFacingError('NOT_SIGNED_IN', 'Sign in to manage the identity server.');
    return identity;
  };
  const requireRooms = (): RoomsService => {
    if (!rooms) throw new UserFacingError('NOT_SIGNED_IN', 'Sign in to see your rooms.');
    return rooms;
  };
  const requireMedia = () => {
    if (!media) throw new UserFacingError('NOT_SIGNED_IN', 'Sign in to see pictures and files.');
    return media;
  };
  const identityCommand =
    <N extends IdentityCommand>(name: N) =>
    (request: CommandRequest<N>) =>
      (requireIdentity()[name] as (r: CommandRequest<N>) => ReturnType<CommandHandlers[N]>)(
        request,
      );

  // Proxy, proxy sign-in, Test connection, trusted CAs (issue 12).
  const network = createNetworkCommands(
    platform,
    config.managedConfig,
    (prompt) => emit('proxyAuthPrompt', prompt),
    () => sessions?.activeSession?.record.homeserverUrl ?? null,
  );

  const currentState = (): AppState => ({
    session: sessions?.current ?? SIGNED_OUT,
    identity: identity?.state() ?? NO_IDENTITY_SERVER,
    connection: sessions?.activeSession?.reconnector.status ?? NO_CONNECTION_TROUBLE,
  });

  const handlers: CommandHandlers = {
    ping: async () => ({ version: config.appVersion }),
    getState: async () => {
      await restored;
      return currentState();
    },
    discover: async ({ server }) => {
      managed.requireServerAllowed(server);
      return (await loadSessions()).discover(server);
    },
    loginWithPassword: async ({ identifier, password }) => {
      const signIn = await loadSessions();
      managed.requireLoginMethod('password', signIn.signInServer);
      return signIn.loginWithPassword(identifier, password);
    },
    startSso: async ({ providerId }) => {
      const signIn = await loadSessions();
      managed.requireLoginMethod('sso', signIn.signInServer);
      return signIn.startSso(providerId);
    },
    startOAuth: async () => {
      const signIn = await loadSessions();
      managed.requireLoginMethod('oauth', signIn.signInServer);
      return signIn.startOAuth();
    },
    // Nothing can be in progress before the session code is loaded.
    cancelLogin: async () => sessions?.cancelLogin() ?? SIGNED_OUT,
    startDeviceGrant: async () => {
      const signIn = await loadSessions();
      managed.requireLoginMethod('oauth', signIn.signInServer);
      return signIn.startDeviceGrant();
    },
    openAccountManagement: async ({ action }) => {
      const session = sessions?.activeSession;
      if (!session) throw new UserFacingError('NOT_SIGNED_IN', 'Sign in to manage your account.');
      const { auth } = session.record;
      const management = auth.kind === 'oauth' ? auth.accountManagement : null;
      const server = hostOf(auth.kind === 'oauth' ? auth.issuer : session.record.homeserverUrl);
      // Built from the stored record and checked against the URL policy (accountManagement.ts).
      await platform.openExternal(accountManagementUrl(management, action, server));
      return { opened: true };
    },
    signOut: async () => (await loadSessions()).signOut(),
    identityCheck: async (request) => {
      managed.requireIdentityServerAllowed(request.server);
      return identityCommand('identityCheck')(request);
    },
    identityChange: async (request) => {
      managed.requireIdentityServerAllowed(request.url);
      return identityCommand('identityChange')(request);
    },
    identityDisableCheck: identityCommand('identityDisableCheck'),
    identityDisable: async (request) => {
      managed.requireIdentityDisableAllowed();
      return identityCommand('identityDisable')(request);
    },
    identityDefaultCheck: identityCommand('identityDefaultCheck'),
    identityAcceptTerms: identityCommand('identityAcceptTerms'),
    identityDismissNotice: identityCommand('identityDismissNotice'),
    lookupContact: identityCommand('lookupContact'),
    bulkLookup: identityCommand('bulkLookup'),
    bulkLookupCancel: identityCommand('bulkLookupCancel'),
    bulkLookupConsentNone: identityCommand('bulkLookupConsentNone'),
    threepidList: identityCommand('threepidList'),
    threepidShareStart: identityCommand('threepidShareStart'),
    threepidShareResend: identityCommand('threepidShareResend'),
    threepidShareSubmit: identityCommand('threepidShareSubmit'),
    threepidStopSharing: identityCommand('threepidStopSharing'),
    threepidAddStart: identityCommand('threepidAddStart'),
    threepidAddResend: identityCommand('threepidAddResend'),
    threepidAddSubmitCode: identityCommand('threepidAddSubmitCode'),
    threepidAddFinish: identityCommand('threepidAddFinish'),
    threepidRemove: identityCommand('threepidRemove'),
    threepidCancel: identityCommand('threepidCancel'),
    connectionRetryNow: async () => {
      const session = sessions?.activeSession;
      if (!session) throw new UserFacingError('NOT_SIGNED_IN', 'Sign in to reconnect.');
      session.reconnector.retryNow();
      return session.reconnector.status;
    },
    // Desktop notices belong to Electron main, which answers these itself (electron/desktop/);
    // a host without it (the browser bridge) has nothing to tell and nothing to install.
    desktopState: async () => ({ openedLink: null, updateReady: null }),
    restartToUpdate: async () => ({ restarting: false }),
    ...network.handlers,
    managedSettings: async () => managed.settings(),
    roomList: async () => ({ rooms: rooms?.roomList() ?? [] }),
    roomOpen: async ({ roomId }) => requireRooms().openRoom(roomId),
    roomClose: async () => {
      rooms?.closeRoom();
      return {};
    },
    roomPaginate: ({ roomId }) => requireRooms().paginate(roomId),
    roomSend: async ({ roomId, body }) => requireRooms().send(roomId, body),
    roomRetry: async ({ roomId, localId }) => {
      requireRooms().retry(roomId, localId);
      return {};
    },
    roomMarkRead: async ({ roomId }) => {
      await requireRooms().markRead(roomId);
      return {};
    },
    roomInvite: async ({ roomId, userId }) => {
      await requireRooms().invite(roomId, userId);
      return {};
    },
    roomInviteAddress: async (request) => {
      const roomsNow = requireRooms();
      const identityNow = requireIdentity();
      const { inviteByAddress } = await loadSessionModule();
      return inviteByAddress(
        {
          lookupForInvite: (contact, then) => identityNow.lookupForInvite(contact, then),
          inviteUser: (roomId, userId) => roomsNow.invite(roomId, userId),
          inviteThirdParty: (roomId, invite) => roomsNow.inviteThirdParty(roomId, invite),
        },
        request,
      );
    },
    roomJoin: ({ target }) => requireRooms().join(target),
    roomLeave: async ({ roomId }) => {
      await requireRooms().leave(roomId);
      return {};
    },
    roomCreate: (request) => requireRooms().create(request),
    mediaThumbnail: ({ mxc, width, height }) =>
      requireMedia().thumbnails.thumbnail(mxc, width, height),
    mediaDownload: ({ roomId, eventId }) => requireMedia().downloads.download(roomId, eventId),
    encryptionStatus: async () =>
      encryptionStatus(sessions?.activeSession?.encryptionFailure ?? null),
  };

  return {
    handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      // Without a stored session (nor a reset settings file to report) there is nothing to
      // restore: the session code waits for the first discovery or sign-in, and the state is
      // known at once (a settings read; no request). Electron main serves the window's first
      // page while the network set-up below is still under way.
      const restoring =
        new SessionVault(platform).loadRecord() !== null || platform.settings.resetAtStart;
      stateKnown = !restoring;
      const networkStarting = network.start();
      networkReady = networkStarting.then(
        () => undefined,
        () => undefined,
      );
      const starting = (async () => {
        await networkStarting;
        if (!restoring) return;
        const loaded = await loadSessions();
        if (!disposed) loaded.restore();
      })();
      restored = starting.then(
        () => void (stateKnown = true),
        () => void (stateKnown = true),
      );
      return starting;
    },
    firstState() {
      return stateKnown ? { state: currentState(), managed: managed.settings() } : null;
    },
    async dispose() {
      disposed = true;
      network.dispose();
      rooms?.stop();
      rooms = null;
      identity?.stop();
      identity = null;
      await sessions?.dispose();
      listeners.clear();
    },
  };
}
