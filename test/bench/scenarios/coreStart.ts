/**
 * core-start: a new Node process until the core is started and answers getState, imports
 * included. Report only. The child runs under tsx (TypeScript transformed on load, cached on
 * disk after the first run), which the packaged app does not pay; the first run is a warm-up.
 * Also how many modules were loaded by then, and whether matrix-js-sdk was one of them.
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
    const modules: number[] = [];
    const sdkLoaded: number[] = [];
    for (let run = 0; run < ctx.runs; run += 1) {
      const { ms, line } = await spawnChild('./coreReady.ts');
      const answer = JSON.parse(line) as { modules: number; sdkLoaded: boolean };
      values.push(ms);
      modules.push(answer.modules);
      sdkLoaded.push(answer.sdkLoaded ? 1 : 0);
    }
    ctx.progress(values.map((v) => `${v.toFixed(0)} ms`).join(', '));
    return [
      measure(
        { name: 'core-start', unit: 'ms', values, note: 'under tsx; Node process start included' },
        ctx.overrides,
      ),
      measure(
        { name: 'core-start modules loaded', unit: 'modules', values: modules },
        ctx.overrides,
      ),
      // "Heavy modules loaded when first needed": with no session and nothing typed yet,
      // matrix-js-sdk (most of those modules) is not needed; 1 = it was loaded in that run.
      measure(
        {
          name: 'core-start matrix-js-sdk loaded before needed',
          unit: 'yes = 1',
          values: sdkLoaded,
          targets: [{ stat: 'max', max: 0 }],
        },
        ctx.overrides,
      ),
    ];
  },
};
