import {
  ClientEvent,
  Filter,
  Method,
  PendingEventOrdering,
  SyncState,
  type MatrixClient,
} from 'matrix-js-sdk';
import type { Reconnector } from '../net/Reconnector.js';
import type { Clock, Logger } from '../platform.js';
import { LONG_POLL_MS, SyncRequestRetrier } from './SyncRequestRetrier.js';

/** Events per room in the first sync: enough to fill a screen, not the room's whole history. */
export const INITIAL_TIMELINE_LIMIT = 20;

/**
 * The session's sync: matrix-js-sdk's own loop (startClient), so rooms, timelines, members and
 * account data live in the SDK's models and its events (ClientEvent.AccountData for the identity
 * server logic, RoomEvent.Timeline for the rooms core) report what changed. Members are
 * lazy-loaded and the first timeline of each room is short, so a first sync of thousands of
 * rooms stays small. Its /sync requests go through a SyncRequestRetrier (created first, because
 * the client's fetch must include it), which keeps the app's reconnect behaviour.
 */
export class ClientSync {
  private readonly retrier: SyncRequestRetrier;
  private client: MatrixClient | null = null;
  private resolvePrepared: () => void = () => {};
  /** Settles when the first sync has been processed (rooms are known). */
  readonly prepared = new Promise<void>((resolve) => (this.resolvePrepared = resolve));

  constructor(options: {
    fetch: typeof globalThis.fetch;
    clock: Clock;
    reconnector: Reconnector;
    log: Logger;
  }) {
    this.retrier = new SyncRequestRetrier(options);
  }

  /** The fetch the session's client must use. */
  get fetch(): typeof globalThis.fetch {
    return this.retrier.fetch;
  }

  start(client: MatrixClient): void {
    if (this.client) return;
    this.client = client;
    keepAccountDataReadsOnTheServer(client);
    client.on(ClientEvent.Sync, this.onSync);
    const filter = new Filter(client.getSafeUserId());
    filter.setDefinition({
      room: {
        state: { lazy_load_members: true },
        timeline: { limit: INITIAL_TIMELINE_LIMIT },
      },
      presence: { not_types: ['*'] },
    });
    void client.startClient({
      filter,
      lazyLoadMembers: true,
      initialSyncLimit: INITIAL_TIMELINE_LIMIT,
      pollTimeout: LONG_POLL_MS,
      disablePresence: true,
      // Local echoes live in the room's pending list until the server has the event.
      pendingEventOrdering: PendingEventOrdering.Detached,
      threadSupport: false,
    });
    // No calls in this app: MatrixRTC would watch every room (memory for thousands of rooms) and
    // logs room IDs to the console through the SDK's root logger. startClient arms it on the
    // first Sync event, which has not fired yet; disarm it.
    const rtcStarter = (client as unknown as { startMatrixRTC?: () => void }).startMatrixRTC;
    if (rtcStarter) client.off(ClientEvent.Sync, rtcStarter);
  }

  stop(): void {
    this.retrier.stop();
    this.client?.off(ClientEvent.Sync, this.onSync);
    this.client?.stopClient();
  }

  private readonly onSync = (state: SyncState): void => {
    if (state === SyncState.Prepared || state === SyncState.Syncing) this.resolvePrepared();
  };
}

/**
 * The identity gate reads m.identity_server "from the server" (DESIGN.md: read directly, 404 =
 * absent), and so does the accepted-terms writer before it writes. Once the initial sync is
 * complete, the SDK answers getAccountDataFromServer from its store instead, where anything the
 * sync did not carry reads as absent: a retried read after a failure would then say "absent"
 * without the server having said so. Keep these reads on the server, as they were before the
 * sync moved to the SDK.
 */
function keepAccountDataReadsOnTheServer(client: MatrixClient): void {
  const read = async (type: string): Promise<unknown> => {
    const path = `/user/${encodeURIComponent(client.getSafeUserId())}/account_data/${encodeURIComponent(type)}`;
    try {
      return await client.http.authedRequest<unknown>(Method.Get, path);
    } catch (error) {
      if ((error as { data?: { errcode?: unknown } }).data?.errcode === 'M_NOT_FOUND') return null;
      throw error;
    }
  };
  client.getAccountDataFromServer = read as MatrixClient['getAccountDataFromServer'];
}
