/**
 * The Platform for plain Node: tests, the browser bridge, benchmarks and the demo. It mirrors
 * electron/platform/ with Node's pieces: undici's fetch behind a changeable proxy and CA list
 * (nodeNetwork.ts; an extra trusted CA stands for an enterprise's CA in the OS store), conf (the store electron-store is built on)
 * and the test-only secret box.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { extname, basename, join } from 'node:path';
import Conf from 'conf';
import {
  systemClock,
  type Clock,
  type Logger,
  type Platform,
} from '../../electron/core/platform.js';
import type { ProxyCredentials } from '../../electron/core/net/proxy/proxyCredentials.js';
import {
  DEFAULT_PROXY_SETTING,
  type ProxySetting,
} from '../../electron/core/net/proxy/proxySetting.js';
import { createNodeConnectionProbes } from '../../electron/platform/nodeConnectionProbes.js';
import { resetUnreadableSettingsFile } from '../../electron/platform/settingsFileCheck.js';
import { createNodeNetwork } from './nodeNetwork.js';
import { testOnlySecretBox } from './testOnlySecretBox.js';

export interface NodePlatformOptions {
  /** Where settings live; a restart is a new platform on the same directory. */
  dataDir: string;
  /** PEM of a CA to trust besides the public roots (the fixtures' self-signed TLS). */
  extraCaPem?: string | undefined;
  /** The managed `extra_ca_certificates` (PEM texts), trusted besides the public roots too. */
  extraCaPems?: readonly string[] | undefined;
  /** What "open in the system browser" does here; tests play the browser themselves. */
  openExternal?: ((url: string) => Promise<void>) | undefined;
  log?: Logger | undefined;
  /**
   * Test-only name resolution: https connections to `<hostname>:443` go to 127.0.0.1:<port>
   * instead (TLS still checks the certificate against `<hostname>`). What DNS and a reverse
   * proxy do for a real server name, so discovery by name (whose .well-known lives on port 443 of
   * the hostname) can be tested against fixtures on ephemeral ports. See World.hosts.
   */
  hosts?: Record<string, number> | undefined;
  /** Time for the core (a test's manual clock); default the system clock. */
  clock?: Clock | undefined;
  /** Wraps the platform's fetch, so a test can watch what the app sends and when it is answered. */
  wrapFetch?: ((fetch: typeof globalThis.fetch) => typeof globalThis.fetch) | undefined;
  /** The app's proxy setting (default: system, i.e. the HTTPS_PROXY/NO_PROXY environment). */
  proxy?: ProxySetting | undefined;
  /** Proxy user name and password (never in the proxy URL). */
  proxyCredentials?: ProxyCredentials | null | undefined;
  /**
   * End-to-end encryption on (its store in `dataDir`, as Electron's userData). Off by default:
   * most tests neither need Rust crypto nor want its key uploads in their request logs.
   */
  e2ee?: boolean | undefined;
}

export function createNodePlatform(options: NodePlatformOptions): Platform {
  // As electron/platform/settingsStore.ts: a damaged file is removed and reported, not a crash.
  const resetAtStart = resetUnreadableSettingsFile(join(options.dataDir, 'settings.json'));
  // The same file shape as electron/platform/settingsStore.ts (electron-store is conf): flat
  // keys, so 'session.record' is one key in both, and tests read one shape.
  const store = new Conf<Record<string, unknown>>({
    cwd: options.dataDir,
    configName: 'settings',
    projectName: 'routed-matrix',
    accessPropertiesByDotNotation: false,
  });
  const network = createNodeNetwork({
    proxy: options.proxy ?? DEFAULT_PROXY_SETTING,
    proxyCredentials: options.proxyCredentials,
    extraCas: configuredCas(options),
    hosts: options.hosts,
  });
  return {
    fetch: (options.wrapFetch ?? ((f) => f))(network.fetch),
    clock: options.clock ?? systemClock,
    secrets: testOnlySecretBox,
    settings: {
      get: (key) => store.get(key),
      set: (key, value) => {
        // As the Electron store: conf refuses `undefined`; storing nothing removes the key.
        if (value === undefined) store.delete(key);
        else store.set(key, value);
      },
      delete: (key) => store.delete(key),
      resetAtStart,
    },
    openExternal:
      options.openExternal ??
      (async (url) => {
        throw new Error(`No browser to open ${url} in this environment`);
      }),
    log: options.log ?? consoleLogger,
    connectionProbes: createNodeConnectionProbes({ ca: network.ca }),
    network: network.control,
    ...(options.e2ee ? { dataDir: options.dataDir } : {}),
    chooseSavePath: async (name) => downloadPath(join(options.dataDir, 'downloads'), name),
  };
}

/**
 * No dialog in Node: downloads go to `<dataDir>/downloads`, under a fresh name when the
 * suggested one is taken ("a (1).txt"), as browsers do. Nothing is created here: a download
 * that fails leaves no file behind.
 */
function downloadPath(directory: string, name: string): string {
  mkdirSync(directory, { recursive: true });
  const ext = extname(name);
  const stem = basename(name, ext);
  for (let n = 0; ; n++) {
    const path = join(directory, n === 0 ? name : `${stem} (${n})${ext}`);
    if (!existsSync(path) && !existsSync(`${path}.part`)) return path;
  }
}

/** The fixtures' CA and the administrator's extra CAs, trusted besides the public roots. */
function configuredCas(options: NodePlatformOptions): string[] {
  return [...(options.extraCaPem ? [options.extraCaPem] : []), ...(options.extraCaPems ?? [])];
}

export const consoleLogger: Logger = {
  info: (message, details) => console.info(message, details ?? ''),
  warn: (message, details) => console.warn(message, details ?? ''),
  error: (message, details) => console.error(message, details ?? ''),
};

/** A logger that keeps what it was told, so tests can prove no secret was logged. */
export function createRecordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${details ? JSON.stringify(details) : ''}`);
  };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}
