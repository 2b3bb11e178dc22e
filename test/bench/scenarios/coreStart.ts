/**
 * core-start: a new Node process until the core is started and answers getState, imports
 * included. Report only. The child runs under tsx (TypeScript transformed on load, cached on
 * disk after the first run), which the packaged app does not pay; the first run is a warm-up.
 */
import { spawnChild } from '../children/spawnTimed.js';
import { measure } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';

export const coreStart: Scenario = {
  name: 'core-start',
  what: 'new process → core ready (imports included, under tsx)',
  async run(ctx) {
    await spawnChild('./coreReady.ts'); // warm tsx's transform cache
    const values: number[] = [];
    for (let run = 0; run < ctx.runs; run += 1) {
      const { ms, line } = await spawnChild('./coreReady.ts');
      if (line !== 'ready') throw new Error(`core-start child said ${line}`);
      values.push(ms);
    }
    ctx.progress(values.map((v) => `${v.toFixed(0)} ms`).join(', '));
    return [
      measure(
        { name: 'core-start', unit: 'ms', values, note: 'under tsx; Node process start included' },
        ctx.overrides,
      ),
    ];
  },
};
