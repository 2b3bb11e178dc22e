/**
 * Updates: on only for a packaged AppImage, NSIS or dmg app the administrator has not turned
 * them off for; a downloaded update is announced once and installed only on the user's click (or
 * the quit the user chose). electron-updater is replaced by a fake with its events and methods.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../electron/core/platform.js';
import {
  CHECK_INTERVAL_MS,
  decideUpdates,
  UpdateController,
  type UpdateFacts,
} from '../../../electron/desktop/UpdateController.js';

const packagedAppImage: UpdateFacts = {
  enabledByConfig: true,
  isPackaged: true,
  platform: 'linux',
  appImagePath: '/home/ann/Apps/Routed_Matrix.AppImage',
};

describe('decideUpdates', () => {
  it('turns updates on for an AppImage, an NSIS install and a dmg install', () => {
    expect(decideUpdates(packagedAppImage)).toEqual({ on: true });
    for (const platform of ['win32', 'darwin'] as const) {
      expect(decideUpdates({ ...packagedAppImage, platform, appImagePath: undefined })).toEqual({
        on: true,
      });
    }
  });

  it('keeps them off when the managed configuration says updates.enabled: false', () => {
    expect(decideUpdates({ ...packagedAppImage, enabledByConfig: false })).toEqual({
      on: false,
      reason: expect.stringContaining('updates.enabled'),
    });
    expect(
      decideUpdates({ ...packagedAppImage, platform: 'win32', enabledByConfig: false }).on,
    ).toBe(false);
  });

  it('keeps them off for deb and rpm installs (no APPIMAGE), and in development', () => {
    expect(decideUpdates({ ...packagedAppImage, appImagePath: undefined })).toEqual({
      on: false,
      reason: expect.stringContaining('deb and rpm'),
    });
    expect(decideUpdates({ ...packagedAppImage, isPackaged: false })).toEqual({
      on: false,
      reason: expect.stringContaining('development'),
    });
  });
});

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checkForUpdates = vi.fn(async () => null);
  quitAndInstall = vi.fn();
}

/** A clock whose timers run only when the test advances it. */
function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  const clock: Clock & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.fn();
        }
      }
    },
    pending: () => timers.size,
  };
  return clock;
}

function controller() {
  const updater = new FakeUpdater();
  const clock = manualClock();
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const onReady = vi.fn();
  const updates = new UpdateController({ updater, clock, log, onReady });
  return { updater, clock, log, onReady, updates };
}

describe('UpdateController', () => {
  it('downloads by itself and installs on a quit the user chose', () => {
    const { updater } = controller();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('looks for an update at start and then every six hours, until stopped', () => {
    const { updater, clock, updates } = controller();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    updates.start();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    clock.advance(CHECK_INTERVAL_MS - 1);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    clock.advance(1);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    updates.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(CHECK_INTERVAL_MS * 3);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('announces a downloaded version once, and never restarts by itself', () => {
    const { updater, onReady, updates } = controller();
    updates.start();
    updater.emit('update-downloaded', { version: '1.2.3' });
    updater.emit('update-downloaded', { version: '1.2.3' });
    expect(onReady).toHaveBeenCalledExactlyOnceWith('1.2.3');
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it("installs and restarts on the user's click, and only when an update is ready", () => {
    const { updater, updates } = controller();
    expect(updates.restartToUpdate()).toBe(false);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    updater.emit('update-downloaded', { version: '1.2.3' });
    expect(updates.restartToUpdate()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledExactlyOnceWith(false, true);
  });

  it('logs a failed check or an updater error and carries on', async () => {
    const { updater, log, updates, clock } = controller();
    updater.checkForUpdates.mockRejectedValueOnce(
      new Error('getaddrinfo ENOTFOUND updates.example'),
    );
    updates.start();
    await vi.waitFor(
      () =>
        expect(log.warn).toHaveBeenCalledWith('Looking for an update failed', {
          error: 'getaddrinfo ENOTFOUND updates.example',
        }),
      { timeout: 10_000 },
    );
    updater.emit('error', new Error('sha512 checksum mismatch'));
    expect(log.warn).toHaveBeenCalledWith('Updating failed', { error: 'sha512 checksum mismatch' });
    clock.advance(CHECK_INTERVAL_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });
});
