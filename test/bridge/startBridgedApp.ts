/**
 * One call that stands the app up without Electron: Node platform → core → bridge. Used by
 * `npm run browser`, the demo and the e2e tests (which keep the core handle to restart it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManagedConfigResult } from '../../electron/config/managedConfig.js';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import type { Logger } from '../../electron/core/platform.js';
import { createNodePlatform } from '../node-platform/createNodePlatform.js';
import { startBridge, type Bridge } from './server.js';

export const RENDERER_DIR = fileURLToPath(
  new URL('../../.vite/renderer/main_window', import.meta.url),
);

export interface BridgedAppOptions {
  dataDir?: string;
  port?: number;
  extraCaPem?: string;
  /** Test-only name resolution (createNodePlatform's `hosts`). */
  hosts?: Record<string, number>;
  openExternal?: (url: string) => Promise<void>;
  defaultIdentityServer?: string | null;
  /** The managed configuration (electron/config/loadManagedConfig.ts), as main passes it. */
  managedConfig?: ManagedConfigResult;
  record?: boolean;
  log?: Logger;
  /** End-to-end encryption on (createNodePlatform's e2ee; its store in dataDir). */
  e2ee?: boolean;
  /** The bridge's page token (startBridge's `token`; default a new random one). */
  token?: string;
}

export interface BridgedApp {
  bridge: Bridge;
  core: AppCoreApi;
  dataDir: string;
  close(): Promise<void>;
}

export async function startBridgedApp(options: BridgedAppOptions = {}): Promise<BridgedApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'routed-matrix-'));
  const platform = createNodePlatform({
    dataDir,
    extraCaPem: options.extraCaPem,
    // As electron/main.ts: the managed extra CAs apply to every request of the app.
    extraCaPems: options.managedConfig?.config.extra_ca_certificates,
    hosts: options.hosts,
    openExternal: options.openExternal,
    log: options.log,
    e2ee: options.e2ee,
  });
  const core = createAppCore(platform, {
    appVersion: '0.1.0',
    defaultIdentityServer: options.defaultIdentityServer ?? null,
    ...(options.managedConfig ? { managedConfig: options.managedConfig } : {}),
  });
  const bridge = await startBridge({
    core,
    rendererDir: RENDERER_DIR,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.record !== undefined ? { record: options.record } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
  await core.start();
  return {
    bridge,
    core,
    dataDir,
    async close() {
      await bridge.close();
      await core.dispose();
    },
  };
}
