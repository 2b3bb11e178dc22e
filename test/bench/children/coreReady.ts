/**
 * Child process for core-start: imports the core and the Node platform, starts the core on an
 * empty data directory and prints "ready" (the parent times spawn → this line).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../../electron/core/AppCore.js';
import {
  createNodePlatform,
  createRecordingLogger,
} from '../../node-platform/createNodePlatform.js';

const dataDir = mkdtempSync(join(tmpdir(), 'bench-start-'));
const core = createAppCore(createNodePlatform({ dataDir, log: createRecordingLogger() }), {
  appVersion: 'bench',
  defaultIdentityServer: null,
});
await core.start();
await core.handlers.getState({});
process.stdout.write('RESULT ready\n');
await core.dispose();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
