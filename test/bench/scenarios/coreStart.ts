/**
 * core-start: a new Node process until the core is started and answers getState, imports
 * included. Report only. The child runs under tsx (TypeScript transformed on load, cached on
 * disk after the first run), which the packaged app does not pay; the first run is a warm-up.
 * Also how many modules were loaded by then, and whether matrix-js-sdk or another package only a
 * session needs (harness/heavyModules.ts) was one of them.
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
    const heavyLoaded: number[] = [];
    const heavySeen = new Set<string>();
    for (let run = 0; run < ctx.runs; run += 1) {
      const { ms, line } = await spawnChild('./coreReady.ts');
      const answer = JSON.parse(line) as { modules: number; heavy: string[] };
      values.push(ms);
      modules.push(answer.modules);
      heavyLoaded.push(answer.heavy.length > 0 ? 1 : 0);
      for (const name of answer.heavy) heavySeen.add(name);
    }
    ctx.progress(
      `${values.map((v) => `${v.toFixed(0)} ms`).join(', ')}; loaded before needed: ${[...heavySeen].join(', ') || 'none'}`,
    );
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
      // matrix-js-sdk and the rest of HEAVY_PACKAGES are not needed; 1 = one was loaded then.
      measure(
        {
          name: 'core-start matrix-js-sdk loaded before needed',
          unit: 'yes = 1',
          values: heavyLoaded,
          targets: [{ stat: 'max', max: 0 }],
        },
        ctx.overrides,
      ),
    ];
  },
};
