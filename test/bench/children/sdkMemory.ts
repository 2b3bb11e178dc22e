/**
 * Child process for core-memory, the baseline: a plain matrix-js-sdk client after the same
 * portal login (argv: portal URL, username, password), `startClient()` with default options,
 * until the first sync is PREPARED; prints heap and RSS as JSON.
 */
import { ClientEvent, createClient, SyncState } from 'matrix-js-sdk';
import '../harness/quietSdk.js';

const [portal, username, password] = process.argv.slice(2) as [string, string, string];
const login = (await (
  await fetch(`${portal}/_matrix/client/v3/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: username },
      password,
    }),
  })
).json()) as {
  user_id: string;
  access_token: string;
  well_known: { 'm.homeserver': { base_url: string } };
};
const client = createClient({
  baseUrl: login.well_known['m.homeserver'].base_url,
  accessToken: login.access_token,
  userId: login.user_id,
});
const prepared = new Promise<void>((resolve) =>
  client.on(ClientEvent.Sync, (state) => {
    if (state === SyncState.Prepared) resolve();
  }),
);
await client.startClient();
await prepared;
for (let i = 0; i < 3; i += 1) {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 50));
}
const m = process.memoryUsage();
process.stdout.write(`RESULT ${JSON.stringify({ heapUsed: m.heapUsed, rss: m.rss })}\n`);
client.stopClient();
process.exit(0);
