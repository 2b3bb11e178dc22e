/**
 * Child process for core-start: imports the core and the Node platform, starts the core on an
 * empty data directory (no stored session) and prints "RESULT <json>" (the parent times spawn →
 * this line) with the number of modules loaded and whether matrix-js-sdk was among them: with no
 * session it is not needed yet, so a lazy core would not have loaded it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
const sdkLoaded = [...loaded].some((url) => url.includes('/node_modules/matrix-js-sdk/'));
process.stdout.write(`RESULT ${JSON.stringify({ modules: loaded.size, sdkLoaded })}\n`);
await core.dispose();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
