/**
 * Automatic updates, decided and driven here; electron-updater does the downloading and
 * installing behind UpdaterPort (the Electron adapter is electron/platform/electronUpdater.ts,
 * tests pass a fake). Updates run only in a packaged app of a kind that can update itself
 * (AppImage, NSIS, dmg), never when the administrator's managed config says `updates.enabled:
 * false`. A downloaded update is installed when the app quits anyway, or at once when the user
 * clicks "Restart to update"; the app never restarts by itself.
 */
import type { Clock, Logger } from '../core/platform.js';

/** The part of electron-updater's AppUpdater this app uses. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdateFacts {
  /** The managed config's `updates.enabled`. */
  enabledByConfig: boolean;
  /** `app.isPackaged`: false under `npm start`. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** Set by the AppImage runtime; a deb or rpm install has none. */
  appImagePath: string | undefined;
}

export type UpdateDecision = { on: true } | { on: false; reason: string };

/** Whether this copy of the app updates itself, and if not, why (for the log). */
export function decideUpdates(facts: UpdateFacts): UpdateDecision {
  if (!facts.enabledByConfig) {
    return { on: false, reason: 'the managed configuration sets updates.enabled to false' };
  }
  if (!facts.isPackaged) return { on: false, reason: 'the app is not packaged (development)' };
  if (facts.platform === 'linux' && !facts.appImagePath) {
    return { on: false, reason: 'deb and rpm installs are updated by the system package manager' };
  }
  if (!['linux', 'win32', 'darwin'].includes(facts.platform)) {
    return { on: false, reason: `no installer updates on ${facts.platform}` };
  }
  return { on: true };
}

/** How often a running app looks for an update after the first look at start. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdateControllerOptions {
  updater: UpdaterPort;
  clock: Clock;
  log: Logger;
  /** Called once per downloaded version: the window shows "Restart to update". */
  onReady(version: string): void;
}

export class UpdateController {
  readonly #options: UpdateControllerOptions;
  #readyVersion: string | null = null;
  #timer: unknown = null;
  #stopped = false;

  constructor(options: UpdateControllerOptions) {
    this.#options = options;
    const { updater, log } = options;
    updater.autoDownload = true;
    // Installing on a quit the user chose anyway is not a forced restart.
    updater.autoInstallOnAppQuit = true;
    updater.on('update-downloaded', (info) => {
      if (this.#readyVersion === info.version) return;
      this.#readyVersion = info.version;
      log.info('An update is ready', { version: info.version });
      options.onReady(info.version);
    });
    updater.on('error', (error) =>
      log.warn('Updating failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** Looks for an update now and then every CHECK_INTERVAL_MS, until stop(). */
  start(): void {
    this.#check();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** The user's click: installs the downloaded update and starts the new version. */
  restartToUpdate(): boolean {
    if (this.#readyVersion === null) return false;
    this.#options.updater.quitAndInstall(false, true);
    return true;
  }

  #check(): void {
    if (this.#stopped) return;
    this.#options.updater.checkForUpdates().catch((error: unknown) =>
      this.#options.log.warn('Looking for an update failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    this.#timer = this.#options.clock.setTimeout(() => this.#check(), CHECK_INTERVAL_MS);
  }
}
