/**
 * The one seam where the core loads matrix-js-sdk: a dynamic import of sessionModule.ts, made
 * the first time a session is needed (a stored session to restore, discovery, a sign-in), and
 * shared by every caller after that. Until then the core's entry has loaded only small modules,
 * so the window gets its first answer (getState, managed settings) without waiting for them.
 */
export type SessionModule = typeof import('./sessionModule.js');

let loading: Promise<SessionModule> | null = null;

export function loadSessionModule(): Promise<SessionModule> {
  // A failed import (a broken install) is not cached: the next attempt tries again.
  loading ??= import('./sessionModule.js').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
