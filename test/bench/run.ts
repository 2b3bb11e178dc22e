/**
 * `npm run bench`: what a user on a real network would feel, measured against the fixture servers
 * with a delay added to every answer (`--delay-ms`, default 50), several runs per scenario, with
 * the baselines measured side by side in the same run. Prints a table, writes bench/results.json
 * and exits non-zero when a target is missed. `--scenario NAME` (repeatable) runs only those.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from './harness/args.js';
import { exitCode, type ScenarioResult } from './harness/result.js';
import { formatTable } from './harness/table.js';
import { SCENARIOS } from './scenarios/index.js';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const unknown = args.scenarios.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    const known = SCENARIOS.filter((s) => !s.hidden).map((s) => s.name);
    console.error(`unknown scenario ${unknown.join(', ')}; known: ${known.join(', ')}`);
    return 2;
  }
  const selected =
    args.scenarios.length > 0
      ? SCENARIOS.filter((s) => args.scenarios.includes(s.name))
      : SCENARIOS.filter((s) => !s.hidden);
  const started = performance.now();
  const results: ScenarioResult[] = [];
  for (const scenario of selected) {
    const t0 = performance.now();
    console.error(`… ${scenario.name}: ${scenario.what}`);
    const rows = await scenario.run({
      delayMs: args.delayMs,
      runs: args.runs,
      overrides: args.targetOverrides,
      progress: (line) => console.error(`  ${line}`),
    });
    results.push(...rows);
    console.error(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(formatTable(results));
  const machine = {
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\ndelay ${args.delayMs} ms per answer; ${seconds.toFixed(0)} s; ${machine.cpus}; load ${machine.loadAverage.join(' ')}`,
  );
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify({ date: new Date().toISOString(), delayMs: args.delayMs, machine, seconds, results }, null, 2)}\n`,
  );
  return exitCode(results);
}

// Exit explicitly: matrix-js-sdk's per-request timeout timers (45 s, http-api/utils.ts
// timeoutSignal) stay armed after their requests have been answered and keep the event loop
// alive that long after everything is closed, which would only pad the run.
process.exit(await main());
