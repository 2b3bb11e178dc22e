/**
 * Child process for core-start: imports the core and the Node platform, starts the core on an
 * empty data directory (no stored session) and prints "RESULT <json>" (the parent times spawn →
 * this line) with the number of modules loaded and which heavy packages were among them
 * (harness/heavyModules.ts): with no session they are not needed yet, so a core that loads them
 * when first needed has not. The list is read when getState has answered, as the window would
 * ask it first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heavyPackagesIn } from '../harness/heavyModules.js';

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});

const { createAppCore } = await import('../../../electron/core/AppCore.js');
const { createNodePlatform, createRecordingLogger } =
  await import('../../node-platform/createNodePlatform.js');

const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
const core = createAppCore(createNodePlatform({ dataDir, log: createRecordingLogger() }), {
  appVersion: 'bench',
  defaultIdentityServer: null,
});
await core.start();
await core.handlers.getState({});
// `--discover <server>`: what a user typing a server does first, for the harness's own test
// (the probe must see the session code load once it is needed; failing discovery is fine).
const discoverAt = process.argv.indexOf('--discover');
if (discoverAt > 0) {
  await core.handlers.discover({ server: process.argv[discoverAt + 1]! }).catch(() => undefined);
}
const heavy = heavyPackagesIn(loaded);
process.stdout.write(`RESULT ${JSON.stringify({ modules: loaded.size, heavy })}\n`);
await core.dispose();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
