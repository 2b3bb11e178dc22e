/**
 * The core (test/integration/support.ts's startCore) with the moments the benchmarks need:
 * when the session was shown as signed in and when the identity server became known, in
 * epoch ms like the fixtures' request log.
 */
import { rmSync } from 'node:fs';
import { startCore, type CoreOptions, type CoreUnderTest } from '../../integration/support.js';

export interface TimedCore {
  app: CoreUnderTest;
  /**
   * Date.now() when the identity server of this session became known: the first identity event
   * that is not 'pending' after one that was (a sign-in starts pending), or, for a session
   * restored at start, the state read once the core started if it already says signed in and
   * known. The signed-out state before a sign-in is not pending either, hence the care.
   */
  identityKnown: Promise<number>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startTimedCore(
  dataDir?: string,
  options: Omit<CoreOptions, 'dataDir'> = {},
): Promise<TimedCore> {
  const app = await startCore(dataDir ? { ...options, dataDir } : options);
  let resolveKnown!: (t: number) => void;
  const identityKnown = new Promise<number>((resolve) => (resolveKnown = resolve));
  let sawPending = false;
  // Listen before reading the state, so a change in between is not missed.
  const stop = app.core.onEvent((name, payload) => {
    if (name !== 'identity') return;
    const pending = (payload as { source: string }).source === 'pending';
    if (pending) sawPending = true;
    else if (sawPending) resolveKnown(Date.now());
  });
  const state = await app.core.handlers.getState({});
  if (state.session.status === 'signedIn') {
    if (state.identity.source !== 'pending') resolveKnown(Date.now());
    else sawPending = true;
  }
  return {
    app,
    identityKnown,
    async close(options = {}) {
      stop();
      await app.close();
      if (!options.keepData) rmSync(app.dataDir, { recursive: true, force: true });
    },
  };
}
