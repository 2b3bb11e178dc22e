/**
 * The core as main hosts it, on the Node platform, against the fixture servers: a test signs in,
 * restarts (a new core on the same data directory) and reads what the core told the renderer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  emptyManagedConfig,
  type ManagedConfigResult,
} from '../../electron/config/managedConfig.js';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import type { Clock } from '../../electron/core/platform.js';
import type {
  AppEvents,
  EventName,
  IdentityState,
  SessionState,
} from '../../electron/ipc/contract.js';
import {
  createNodePlatform,
  createRecordingLogger,
  type NodePlatformOptions,
} from '../node-platform/createNodePlatform.js';

/** The events a core under test sent to the window, and a wait for one (waitForEvent). */
export interface RecordedEvents {
  /** Every event sent, in order. */
  events: { name: EventName; payload: AppEvents[EventName] }[];
  /** Resolves when an event satisfies `predicate` (already emitted ones count). */
  waitFor<E extends EventName>(
    name: E,
    predicate: (p: AppEvents[E]) => boolean,
    ms?: number,
  ): Promise<AppEvents[E]>;
}

export interface CoreUnderTest extends RecordedEvents {
  core: AppCoreApi;
  dataDir: string;
  log: ReturnType<typeof createRecordingLogger>;
  session(): Promise<SessionState>;
  identity(): Promise<IdentityState>;
  restart(): Promise<CoreUnderTest>;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir?: string;
  extraCaPem?: string | undefined;
  openExternal?: (url: string) => Promise<void>;
  defaultIdentityServer?: string | null;
  /** The core's clock (default the system's); see test/node-platform/testClock.ts. */
  clock?: Clock;
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
  proxy?: NodePlatformOptions['proxy'];
  proxyCredentials?: NodePlatformOptions['proxyCredentials'];
  /** The managed configuration, applied as main applies it (its extra CAs to every request). */
  managedConfig?: ManagedConfigResult;
  /** End-to-end encryption on, its store in dataDir (createNodePlatform's e2ee). */
  e2ee?: boolean;
}

export async function startCore(options: CoreOptions = {}): Promise<CoreUnderTest> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'routed-matrix-it-'));
  const log = createRecordingLogger();
  const platform = createNodePlatform({
    dataDir,
    extraCaPem: options.extraCaPem,
    openExternal: options.openExternal,
    log,
    clock: options.clock,
    wrapFetch: options.wrapFetch,
    proxy: options.proxy,
    proxyCredentials: options.proxyCredentials,
    extraCaPems: options.managedConfig?.config.extra_ca_certificates,
    e2ee: options.e2ee,
  });
  const core = createAppCore(platform, {
    appVersion: 'test',
    defaultIdentityServer: options.defaultIdentityServer ?? null,
    // The proxy as the managed configuration would set it (the core's Test connection reads it).
    ...(options.managedConfig ? { managedConfig: options.managedConfig } : {}),
    ...(options.proxy
      ? {
          managedConfig: {
            ...emptyManagedConfig(),
            config: { ...emptyManagedConfig().config, proxy: options.proxy },
          },
        }
      : {}),
  });
  const events: CoreUnderTest['events'] = [];
  const waiters = new Set<() => void>();
  core.onEvent((name, payload) => {
    events.push({ name, payload });
    for (const wake of waiters) wake();
  });
  await core.start();
  const state = async () => {
    const result = await core.handlers.getState({});
    return result;
  };
  const handle: CoreUnderTest = {
    core,
    dataDir,
    events,
    log,
    session: async () => (await state()).session,
    identity: async () => (await state()).identity,
    waitFor: (name, predicate, ms) => waitForEvent(events, waiters, name, predicate, ms),
    async restart() {
      await core.dispose();
      return startCore({ ...options, dataDir });
    },
    close: () => core.dispose(),
  };
  return handle;
}

/**
 * Resolves with the first recorded event `name` matching `predicate`, now or when `waiters` are
 * woken after a new event; rejects after `ms`. Shared by the in-process and worker-thread cores.
 */
export function waitForEvent<E extends EventName>(
  events: { name: EventName; payload: unknown }[],
  waiters: Set<() => void>,
  name: E,
  predicate: (payload: AppEvents[E]) => boolean,
  ms = 5_000,
): Promise<AppEvents[E]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const hit = events.find((e) => e.name === name && predicate(e.payload as never));
      if (!hit) return;
      cleanup();
      resolve(hit.payload as never);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${name} event matched within ${ms} ms`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      waiters.delete(check);
    };
    waiters.add(check);
    check();
  });
}
