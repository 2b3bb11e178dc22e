/**
 * `npm run bench`: speed and memory targets, measured against the fixture servers on loopback
 * (never asserted in timed unit tests). Prints one line per measure and exits non-zero when a
 * target is missed.
 *
 * - sign-in → identity server known: the gate must open quickly even for a big account, because
 *   it reads m.identity_server directly instead of waiting for the initial sync.
 * - restart → signed in: resuming is local (no network wait before the UI shows the session).
 * - heap after the first sync of an account in thousands of rooms: the sync filter keeps rooms
 *   out, so memory must not grow with the room count.
 */
import { startWorld } from '../fixtures/index.js';
import { startCore } from '../integration/support.js';

const ROOMS = 5_000;
const RUNS = 5;

interface Measure {
  name: string;
  unit: string;
  values: number[];
  target: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const world = await startWorld({
    users: [{ username: 'big', password: 'big-password', homeserver: 'hs1', rooms: ROOMS }],
  });
  const signInToIdentity: number[] = [];
  const restartToSignedIn: number[] = [];
  const heapGrowth: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let app = await startCore();
      await app.core.handlers.discover({ server: world.portal.baseUrl });
      const t0 = performance.now();
      await app.core.handlers.loginWithPassword({ identifier: 'big', password: 'big-password' });
      await app.waitFor('identity', (s) => s.source !== 'pending', 30_000);
      signInToIdentity.push(performance.now() - t0);

      const synced = world.hs1.requestCount({ path: '/sync' });
      while (world.hs1.requestCount({ path: '/sync' }) < synced + 2) {
        await new Promise((r) => setTimeout(r, 20));
      }
      global.gc?.();
      heapGrowth.push((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);

      await app.core.dispose();
      const t1 = performance.now();
      app = await startCore({ dataDir: app.dataDir });
      if ((await app.session()).status !== 'signedIn') throw new Error('restart did not resume');
      restartToSignedIn.push(performance.now() - t1);
      await app.core.handlers.signOut({});
      await app.close();
    }
  } finally {
    await world.close();
  }

  const measures: Measure[] = [
    {
      name: `sign-in → identity server known (${ROOMS} rooms)`,
      unit: 'ms',
      values: signInToIdentity,
      target: 250,
    },
    { name: 'restart → signed in', unit: 'ms', values: restartToSignedIn, target: 100 },
    {
      name: `heap growth after first sync (${ROOMS} rooms)`,
      unit: 'MiB',
      values: heapGrowth,
      target: 5,
    },
  ];
  let missed = 0;
  for (const m of measures) {
    const value = median(m.values);
    const ok = value <= m.target;
    if (!ok) missed += 1;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${m.name}: median ${value.toFixed(1)} ${m.unit} (target ≤ ${m.target}; runs ${m.values.map((v) => v.toFixed(1)).join(', ')})`,
    );
  }
  if (!global.gc) console.log('note: run with node --expose-gc for steadier heap numbers');
  process.exit(missed === 0 ? 0 : 1);
}

await main();
