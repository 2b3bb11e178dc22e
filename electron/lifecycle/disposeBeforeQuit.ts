/**
 * Lets the core stop cleanly (sync loop, timers, pending writes) before the app exits: the first
 * quit request is held back until `dispose` settles, then quitting resumes. A dispose that hangs
 * cannot keep the app alive: after `timeoutMs` the quit goes ahead anyway.
 *
 * No Electron import (the app is passed in structurally), so the ordering is unit-tested.
 */
import type { Logger } from '../core/platform.js';

export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export function disposeBeforeQuit(
  app: QuittableApp,
  dispose: () => Promise<void>,
  log: Logger,
  timeoutMs = 5_000,
): void {
  let state: 'running' | 'disposing' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'disposing') return;
    state = 'disposing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn('Shutdown took too long; quitting anyway', { timeoutMs });
        resolve();
      }, timeoutMs);
    });
    const disposed = dispose().catch((error: unknown) =>
      log.error('Shutdown failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    void Promise.race([disposed, timeout]).then(() => {
      clearTimeout(timer);
      state = 'done';
      app.quit();
    });
  });
}
