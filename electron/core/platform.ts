/**
 * Everything the core needs from the outside world. Electron main injects an implementation
 * backed by Chromium's network stack (net.request, net.fetch), safeStorage, electron-store and
 * shell (electron/platform/); tests, the browser bridge and benchmarks inject the Node one
 * (test/node-platform/). The core never reaches past this interface, which is what lets it run
 * unchanged in all of those places.
 */
import type { ConnectionProbes } from './net/connectionTest/probes.js';
import type { NetworkControl } from './net/proxy/networkControl.js';

export interface Platform {
  /**
   * HTTP. In Electron this is Chromium's network stack (net.request / net.fetch): system proxy,
   * PAC and the OS certificate store.
   */
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  readonly secrets: SecretBox;
  readonly settings: SettingsStore;
  /** Hands a URL to the user's browser (SSO). Only ever called with http(s) URLs. */
  openExternal(url: string): Promise<void>;
  /** Where diagnostics go. Never given a token: callers pass redacted values. */
  readonly log: Logger;
  /** Low-level network steps for Test connection (issue 12); absent: the command says so. */
  readonly connectionProbes?: ConnectionProbes;
  /** Proxy, user-trusted CAs and proxy sign-in, changed while the app runs (issue 12). */
  readonly network?: NetworkControl;
  /**
   * The app's data directory (Electron's userData), where the end-to-end encryption store of
   * the signed-in device lives (core/crypto/). Absent: no encryption, encrypted rooms read-only.
   */
  readonly dataDir?: string;
  /**
   * Where to save a downloaded file (Electron: the save dialog), given the name the sender
   * suggested: an absolute path, or null when the user cancelled. Absent: no downloads here.
   */
  chooseSavePath?(suggestedName: string): Promise<string | null>;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Encrypts secrets at rest (safeStorage in Electron). Output is opaque base64 text. */
export interface SecretBox {
  /** False when the OS offers no encryption (e.g. no keyring): the core then refuses to persist. */
  isAvailable(): boolean;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** A small JSON key-value store that survives restarts (electron-store in Electron). */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /**
   * Set when the settings file could not be read at start and the store started over empty, so
   * the sign-in screen can say why the session is gone. Absent or null: nothing was lost.
   */
  readonly resetAtStart?: SettingsReset | null;
}

export interface SettingsReset {
  /** The file, as a path the user could look for. */
  file: string;
  /** What was wrong with it, in a few words ("it was not valid JSON"). */
  reason: string;
}

export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
