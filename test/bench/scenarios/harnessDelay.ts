/**
 * Hidden self-test of the harness (test/unit/bench): one request to a fixture server with the
 * added delay; its limit is generous so it passes unless `--target-override` makes it impossible.
 */
import type { Scenario } from '../harness/scenario.js';
import { measure } from '../harness/result.js';
import { startBenchWorld } from '../harness/benchWorld.js';

export const harnessDelay: Scenario = {
  name: 'harness-delay',
  what: 'one /versions request with the added delay (harness self-test)',
  hidden: true,
  async run(ctx) {
    const world = await startBenchWorld(ctx.delayMs, []);
    try {
      const values: number[] = [];
      for (let i = 0; i < ctx.runs; i += 1) {
        const t0 = performance.now();
        await (await fetch(`${world.hs1.baseUrl}/_matrix/client/versions`)).json();
        values.push(performance.now() - t0);
      }
      const limit = { stat: 'median' as const, max: ctx.delayMs + 5_000 };
      return [
        measure({ name: 'harness-delay', unit: 'ms', values, targets: [limit] }, ctx.overrides),
      ];
    } finally {
      await world.close();
    }
  },
};
