/**
 * `npm test`: every check and every test tier, as fast as two cores allow, with the time of each
 * step printed so a slow CI run says where its time went.
 *
 *   1. the static checks (tsc, svelte-check, ESLint, Prettier), two at a time: each one is a
 *      single-threaded Node process, so run one after another they left a core idle for a
 *      minute. Longest first. Each one's output is printed whole when it ends, never
 *      interleaved, and every one runs to the end so a red run lists every failing check;
 *   2. vitest (unit and integration), which spreads over both cores itself;
 *   3. the real-server tier (its servers use fixed ports: alone);
 *   4. the renderer build and Playwright.
 *
 * A step that fails fails the run (exit code 1) after its phase: later phases do not start.
 *
 * For local use only, `TEST_SKIP_REAL=1 npm test` leaves out step 3 (the real servers are one set
 * per machine, and may be someone else's right now); CI ignores it and says so.
 */
import { spawn } from 'node:child_process';

const STATIC_CHECKS = ['format:check', 'svelte-check', 'lint', 'typecheck'];
const PARALLEL_CHECKS = 2;

const since = (start) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** Runs `npm run <script>`, its output straight to ours. Resolves to its exit code. */
function runLive(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', script], { stdio: 'inherit' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

/** Runs `npm run <script>` with its output kept, printed in one piece when it ends. */
function runBuffered(script) {
  return new Promise((resolve) => {
    const start = Date.now();
    const output = [];
    const child = spawn('npm', ['run', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const done = (code) => {
      process.stdout.write(Buffer.concat(output));
      console.log(
        `test: ${script} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${since(start)}`,
      );
      resolve(code);
    };
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
    child.on('error', () => done(1));
  });
}

/** Runs every script with at most `slots` at once; resolves to the scripts that failed. */
async function runPool(scripts, slots) {
  const queue = [...scripts];
  const failed = [];
  const worker = async () => {
    for (let script = queue.shift(); script; script = queue.shift()) {
      if ((await runBuffered(script)) !== 0) failed.push(script);
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots, scripts.length) }, worker));
  return failed;
}

async function phase(name, run) {
  const start = Date.now();
  console.log(`test: ${name}…`);
  const ok = await run();
  console.log(`test: ${name} ${ok ? 'passed' : 'FAILED'} in ${since(start)}`);
  if (!ok) process.exit(1);
}

const runStart = Date.now();
const skipReal = process.env.TEST_SKIP_REAL === '1';
if (skipReal && process.env.CI) {
  console.log('test: TEST_SKIP_REAL is ignored on CI: the real-server tier runs');
}

await phase(
  `static checks (${STATIC_CHECKS.join(', ')}; ${PARALLEL_CHECKS} at a time)`,
  async () => {
    const failed = await runPool(STATIC_CHECKS, PARALLEL_CHECKS);
    if (failed.length > 0) console.log(`test: failed: ${failed.join(', ')}`);
    return failed.length === 0;
  },
);
await phase('vitest (test:unit)', async () => (await runLive('test:unit')) === 0);
if (skipReal && !process.env.CI) {
  console.log('test: real-server tier (test:real) LEFT OUT: TEST_SKIP_REAL=1 (local use only)');
} else {
  await phase('real-server tier (test:real)', async () => (await runLive('test:real')) === 0);
}
await phase('build and Playwright (test:e2e)', async () => (await runLive('test:e2e')) === 0);
console.log(`test: everything passed in ${since(runStart)}`);
