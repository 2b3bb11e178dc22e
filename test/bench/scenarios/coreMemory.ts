/**
 * core-memory: heap and RSS after sign-in and initial sync of the 2,000-room account, the core
 * vs a plain matrix-js-sdk `startClient()` with default options on the same account, each in its
 * own child process (so RSS compares) and alternating, in the same run. Target: ratio ≤ 1.
 */
import { spawnChild } from '../children/spawnTimed.js';
import { measure } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { ACCOUNTS, startAccountsWorld } from './isReady.js';

const MiB = 1024 * 1024;

export const coreMemory: Scenario = {
  name: 'core-memory',
  what: 'heap and RSS after sign-in + initial sync (2,000 rooms) vs plain matrix-js-sdk',
  async run(ctx) {
    const account = ACCOUNTS[1];
    const world = await startAccountsWorld(ctx.delayMs);
    const app: { heapUsed: number; rss: number }[] = [];
    const sdk: { heapUsed: number; rss: number }[] = [];
    const runs = Math.min(ctx.runs, 3); // each run is two fresh processes
    try {
      const args = [world.portal.baseUrl, account.username, account.password];
      for (let run = 0; run < runs; run += 1) {
        const order = run % 2 === 0 ? ['app', 'sdk'] : ['sdk', 'app'];
        for (const who of order) {
          const { line } = await spawnChild(
            who === 'app' ? './appMemory.ts' : './sdkMemory.ts',
            args,
          );
          (who === 'app' ? app : sdk).push(JSON.parse(line) as { heapUsed: number; rss: number });
        }
      }
    } finally {
      await world.close();
    }
    const mib = (xs: typeof app, key: 'heapUsed' | 'rss') => xs.map((x) => x[key] / MiB);
    ctx.progress(
      `app heap ${mib(app, 'heapUsed')
        .map((v) => v.toFixed(1))
        .join(', ')} MiB; sdk heap ${mib(sdk, 'heapUsed')
        .map((v) => v.toFixed(1))
        .join(', ')} MiB`,
    );
    return (['heapUsed', 'rss'] as const).map((key) =>
      measure(
        {
          name: `core-memory ${key === 'heapUsed' ? 'heap' : 'rss'}`,
          unit: 'MiB',
          values: mib(app, key),
          baseline: mib(sdk, key),
          targets: [{ stat: 'ratio', max: 1 }],
        },
        ctx.overrides,
      ),
    );
  },
};
