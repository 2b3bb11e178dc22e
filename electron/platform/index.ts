/**
 * The Electron implementation of the core's Platform (electron/core/platform.ts). Create it after
 * the app is ready: safeStorage and electron-store need the app's paths and keyring.
 */
import { rootCertificates } from 'node:tls';
import { app } from 'electron';
import type { NetworkControl } from '../core/net/proxy/networkControl.js';
import { systemClock, type Platform } from '../core/platform.js';
import { chooseSavePath } from './chooseSavePath.js';
import { withChromiumProxyFailures } from './electronProxy.js';
import { consoleLogger } from './logger.js';
import { createNodeConnectionProbes } from './nodeConnectionProbes.js';
import { netFetch } from './netFetch.js';
import { openExternal } from './openExternal.js';
import { createSafeStorageSecretBox } from './secretBox.js';
import { createElectronSettingsStore } from './settingsStore.js';

export interface ElectronPlatformOptions {
  /** The managed and user-trusted extra CAs (PEM), read at each probe: Chromium trusts them (privateCaTrust.ts). */
  extraCaPems?: () => readonly string[];
  /** Chromium's route for a URL (session.resolveProxy), for Test connection's proxy step. */
  resolveProxy?: (url: string) => Promise<string>;
  /** Proxy, trusted CAs and proxy sign-in on the session (electronNetworkControl.ts). */
  network?: NetworkControl;
}

export function createElectronPlatform(options: ElectronPlatformOptions = {}): Platform {
  return {
    // A proxy's failure is named as such (electron/platform/electronProxy.ts).
    fetch: withChromiumProxyFailures(netFetch),
    clock: systemClock,
    secrets: createSafeStorageSecretBox(),
    settings: createElectronSettingsStore(),
    openExternal,
    log: consoleLogger,
    // Diagnostics on Node's own sockets; the HTTP step still goes through Chromium (fetch).
    // Its TLS step trusts what Chromium trusts, the managed extra CAs included.
    connectionProbes: {
      ...createNodeConnectionProbes({
        ca: () => {
          const extra = options.extraCaPems?.() ?? [];
          return extra.length > 0 ? [...rootCertificates, ...extra] : undefined;
        },
      }),
      // Honest about what these probes are: Node's sockets, beside Chromium's stack.
      ...(options.resolveProxy ? { resolveProxy: options.resolveProxy } : {}),
      tlsNote:
        "(Checked with Node's TLS against the public roots and the extra CAs; Chromium, which carries the app's requests, also trusts this computer's certificate store: the HTTP step has the last word.)",
    },
    ...(options.network ? { network: options.network } : {}),
    // The encryption store sits beside the settings file (settingsStore.ts uses the same path).
    dataDir: app.getPath('userData'),
    chooseSavePath,
  };
}
