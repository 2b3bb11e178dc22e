/**
 * An app core in a worker thread, for the end-to-end encryption tests (e2ee.test.ts): a process
 * runs one encryption store at a time (Rust crypto finds IndexedDB as a global), so the second
 * user of a conversation needs a global scope of its own, as a second app on another computer
 * has. Run with `--import tsx`. Commands come in as `{ id, command, request }` and are answered
 * `{ id, value }` or `{ id, error }`; every core event goes out as `{ event, payload }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAppCore } from '../../electron/core/AppCore.js';
import type { Logger } from '../../electron/core/platform.js';
import { createNodePlatform } from '../node-platform/createNodePlatform.js';

const port = parentPort!;
const { dataDir, extraCaPem, hosts } = workerData as {
  dataDir: string;
  extraCaPem?: string;
  hosts?: Record<string, number>;
};
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const core = createAppCore(
  createNodePlatform({ dataDir, e2ee: true, log: quiet, extraCaPem, hosts }),
  {
    appVersion: 'test',
    defaultIdentityServer: null,
  },
);
core.onEvent((event, payload) => port.postMessage({ event, payload }));

port.on('message', (message: { id: number; command: string; request: unknown }) => {
  const { id, command, request } = message;
  const run = async () => {
    if (command === '__dispose') {
      await core.dispose();
      return null;
    }
    const handler = (core.handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>)[
      command
    ];
    if (!handler) throw new Error(`no command ${command}`);
    return handler(request);
  };
  run().then(
    (value) => port.postMessage({ id, value }),
    (error: unknown) =>
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});

await core.start();
port.postMessage({ ready: true });
