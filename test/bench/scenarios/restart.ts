/**
 * restart: a new core on the data directory of a stored session (2,000-room account). The UI can
 * show the session as soon as the core has started: no request may come before that; the
 * identity server must be known within 1 round trip of the start.
 */
import { allRequests, resetAllRequests } from '../harness/benchWorld.js';
import { measure, type ScenarioResult } from '../harness/result.js';
import { countRoundTrips } from '../harness/roundTrips.js';
import type { Scenario, ScenarioContext } from '../harness/scenario.js';
import { startTimedCore } from '../harness/timedCore.js';
import { ACCOUNTS, startAccountsWorld } from './isReady.js';

async function runRestart(ctx: ScenarioContext): Promise<ScenarioResult[]> {
  const account = ACCOUNTS[1];
  const world = await startAccountsWorld(ctx.delayMs);
  const beforeShown: number[] = [];
  const toShown: number[] = [];
  const toKnownMs: number[] = [];
  const toKnownRoundTrips: number[] = [];
  try {
    const first = await startTimedCore();
    await first.app.core.handlers.discover({ server: world.portal.baseUrl });
    await first.app.core.handlers.loginWithPassword({
      identifier: account.username,
      password: account.password,
    });
    await first.identityKnown;
    await first.close({ keepData: true });
    const dataDir = first.app.dataDir;
    for (let run = 0; run < ctx.runs; run += 1) {
      resetAllRequests(world);
      const startedAt = Date.now();
      const timed = await startTimedCore(dataDir);
      // What the renderer asks for first: the state it shows (startCore awaited core.start()).
      const state = await timed.app.core.handlers.getState({});
      const shownAt = Date.now();
      if (state.session.status !== 'signedIn') throw new Error('restart did not resume');
      const knownAt = await timed.identityKnown;
      beforeShown.push(allRequests(world).filter((r) => r.time < shownAt).length);
      toShown.push(shownAt - startedAt);
      toKnownMs.push(knownAt - startedAt);
      toKnownRoundTrips.push(
        countRoundTrips(allRequests(world), { from: startedAt, until: knownAt }),
      );
      await timed.close({ keepData: run < ctx.runs - 1 });
    }
  } finally {
    await world.close();
  }
  ctx.progress(
    `requests before shown ${beforeShown.join(', ')}; ms to shown ${toShown.join(', ')}; to IS known ${toKnownMs.join(', ')} ms / ${toKnownRoundTrips.join(', ')} rt`,
  );
  return [
    measure(
      {
        name: 'restart requests before session shown',
        unit: 'requests',
        values: beforeShown,
        targets: [{ stat: 'max', max: 0 }],
      },
      ctx.overrides,
    ),
    measure({ name: 'restart to session shown', unit: 'ms', values: toShown }, ctx.overrides),
    measure({ name: 'restart to IS known', unit: 'ms', values: toKnownMs }, ctx.overrides),
    measure(
      {
        name: 'restart to IS known round trips',
        unit: 'round trips',
        values: toKnownRoundTrips,
        targets: [{ stat: 'max', max: 1 }],
      },
      ctx.overrides,
    ),
  ];
}

export const restart: Scenario = {
  name: 'restart',
  what: 'new core on a stored session (2,000 rooms) → session shown, identity server known',
  run: runRestart,
};
