/**
 * Child process for core-memory, the app's side: the core signs in through the portal
 * (argv: portal URL, username, password), waits until the identity server is known and the
 * initial sync was processed (the next /sync went out), then prints its heap and RSS as JSON.
 */
import { startCore } from '../../integration/support.js';

const [portal, username, password] = process.argv.slice(2) as [string, string, string];
let syncsSent = 0;
let wakeSync: () => void = () => {};
const secondSync = new Promise<void>((resolve) => (wakeSync = resolve));
const app = await startCore({
  wrapFetch: (fetch) => (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url).pathname.endsWith('/sync') && (syncsSent += 1) === 2) wakeSync();
    return fetch(input, init);
  },
});
await app.core.handlers.discover({ server: portal });
await app.core.handlers.loginWithPassword({ identifier: username, password });
await app.waitFor('identity', (s) => s.source !== 'pending', 60_000);
await secondSync;
await settleAndPrint();
await app.close();
process.exit(0);

async function settleAndPrint() {
  for (let i = 0; i < 3; i += 1) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  process.stdout.write(`RESULT ${JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss })}\n`);
}
