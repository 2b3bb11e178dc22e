/**
 * An IdentityManager wired to the real fixture servers: a homeserver with a signed-in user, one
 * or more identity servers, a real matrix-js-sdk client (optionally syncing), and the in-memory
 * platform. Tests act as "another device" through the homeserver's control API.
 */
import {
  ClientEvent,
  createClient,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
} from 'matrix-js-sdk';
import {
  startHomeserver,
  startIdentityServer,
  type Homeserver,
  type IdentityServer,
  type IdentityServerOptions,
} from '../../fixtures/index.js';
import type { IdentityDefaults } from '../../../electron/core/identity/IdentityContext.js';
import {
  IdentityManager,
  type IdentityManagerOptions,
} from '../../../electron/core/identity/IdentityManager.js';
import type { BulkLookupProgress, IdentityState } from '../../../electron/ipc/contract.js';
import { createMemoryPlatform, type MemoryPlatform } from './memoryPlatform.js';

export const IS_PREFIX = '/_matrix/identity/v2';
export const ALICE_EMAIL = 'alice@example.org';
export const ALICE_MSISDN = '447700900001';

export interface Harness {
  hs: Homeserver;
  is: IdentityServer;
  userId: string;
  client: MatrixClient;
  platform: MemoryPlatform;
  emitted: IdentityState[];
  manager: IdentityManager;
  /** Another identity server (started on demand, closed with the harness). */
  startOtherIdentityServer(options?: IdentityServerOptions): Promise<IdentityServer>;
  /** Every bulkLookupProgress event, in order. */
  progress: BulkLookupProgress[];
  /** Calls `listener` on each bulkLookupProgress event as it is emitted. */
  onProgress(listener: (p: BulkLookupProgress) => void): void;
  /** A second manager for the same login, as after an app restart (same settings). */
  restart(): IdentityManager;
  /** Runs /sync on the client (the session normally does) and waits for the first sync. */
  startSync(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Account data to seed before the manager starts (as set by another device earlier). */
  accountData?: Record<string, Record<string, unknown>>;
  defaults?: Partial<IdentityDefaults> | ((is: IdentityServer) => Partial<IdentityDefaults>);
  identityServer?: IdentityServerOptions;
  manager?: IdentityManagerOptions;
  /** Wraps the platform fetch (to watch what the app sends). */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
  /** Steer the fixtures before the manager is constructed (latency, failures). */
  beforeManager?: (hs: Homeserver, is: IdentityServer) => void;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const hs = await startHomeserver({
    users: [
      {
        localpart: 'alice',
        password: 'alice-password',
        threepids: [
          { medium: 'email', address: ALICE_EMAIL },
          { medium: 'msisdn', address: ALICE_MSISDN },
        ],
      },
    ],
  });
  const closers: (() => Promise<void>)[] = [() => hs.close()];
  const is = await startIdentityServer({
    homeservers: { [hs.serverName]: hs.baseUrl },
    ...options.identityServer,
  });
  closers.push(() => is.close());

  const login = await passwordLogin(hs.baseUrl, 'alice', 'alice-password');
  const client = createClient({
    baseUrl: hs.baseUrl,
    userId: login.user_id,
    accessToken: login.access_token,
    deviceId: login.device_id,
    fetchFn: globalThis.fetch.bind(globalThis),
    logger: quietSdkLogger,
  });
  for (const [type, content] of Object.entries(options.accountData ?? {})) {
    hs.setAccountData('alice', type, content as never);
  }
  const defaults: IdentityDefaults = {
    login: null,
    discovery: null,
    app: null,
    ...(typeof options.defaults === 'function' ? options.defaults(is) : options.defaults),
  };
  options.beforeManager?.(hs, is);

  const baseFetch = globalThis.fetch.bind(globalThis);
  const platform = createMemoryPlatform({ fetch: options.wrapFetch?.(baseFetch) ?? baseFetch });
  const emitted: IdentityState[] = [];
  const progress: BulkLookupProgress[] = [];
  const progressListeners: ((p: BulkLookupProgress) => void)[] = [];
  const managers: IdentityManager[] = [];
  const makeManager = () => {
    const manager = new IdentityManager(
      {
        platform,
        client,
        userId: login.user_id,
        defaults,
        emit: (state) => emitted.push(state),
        emitBulkLookupProgress: (p) => {
          progress.push(p);
          for (const listener of progressListeners) listener(p);
        },
      },
      options.manager,
    );
    managers.push(manager);
    return manager;
  };
  const manager = makeManager();

  return {
    hs,
    is,
    userId: login.user_id,
    client,
    platform,
    emitted,
    progress,
    onProgress: (listener) => progressListeners.push(listener),
    manager,
    async startOtherIdentityServer(otherOptions = {}) {
      const other = await startIdentityServer({
        homeservers: { [hs.serverName]: hs.baseUrl },
        ...otherOptions,
      });
      closers.push(() => other.close());
      return other;
    },
    restart: makeManager,
    async startSync() {
      const prepared = new Promise<void>((resolve) => {
        const onSync = (state: SyncState) => {
          if (state === SyncState.Prepared) {
            client.off(ClientEvent.Sync, onSync);
            resolve();
          }
        };
        client.on(ClientEvent.Sync, onSync);
      });
      await client.startClient({ initialSyncLimit: 1 });
      await prepared;
    },
    async close() {
      for (const m of managers) m.stop();
      client.stopClient();
      for (const close of closers.reverse()) await close();
    },
  };
}

interface LoginAnswer {
  user_id: string;
  access_token: string;
  device_id: string;
}

async function passwordLogin(
  baseUrl: string,
  user: string,
  password: string,
): Promise<LoginAnswer> {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user },
      password,
    }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return (await response.json()) as LoginAnswer;
}

const quiet = () => {};
const quietSdkLogger = {
  trace: quiet,
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: quiet,
  getChild: () => quietSdkLogger,
};

const BARRIER_EVENT = 'org.example.test.barrier';
let barrierCount = 0;

/**
 * Resolves once the syncing client has handled everything the homeserver had for it before this
 * call: writes a fresh marker event as another device would and waits for the client to receive
 * it. /sync delivers account data in order and the app handles each event synchronously, so a
 * change written before the marker has had all its effects by then. This is what a proof that
 * something did NOT happen waits for, instead of a sleep.
 */
export async function syncBarrier(h: Pick<Harness, 'hs' | 'client'>): Promise<void> {
  const marker = ++barrierCount;
  const received = new Promise<void>((resolve) => {
    const onEvent = (event: MatrixEvent) => {
      if (event.getType() === BARRIER_EVENT && event.getContent().marker === marker) {
        h.client.off(ClientEvent.AccountData, onEvent);
        resolve();
      }
    };
    h.client.on(ClientEvent.AccountData, onEvent);
  });
  h.hs.setAccountData('alice', BARRIER_EVENT, { marker });
  await received;
}

/** Polls until `check` passes (it throws until then), like expect.poll but for any assertion. */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The IS policies' URLs, as the user accepting everything would send them. */
export function allPolicyUrls(policies: { url: string }[]): string[] {
  return policies.map((policy) => policy.url);
}

/** Switch the account to `url` the way the UI does: check, then accept all its terms. */
export async function changeTo(manager: IdentityManager, url: string): Promise<IdentityState> {
  const candidate = await manager.identityCheck({ server: url });
  return manager.identityChange({
    url,
    acceptedPolicyUrls: allPolicyUrls(candidate.policies),
    acceptNoTerms: candidate.policies.length === 0,
  });
}
