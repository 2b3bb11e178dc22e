/**
 * core-start's probe (issue 14): a core started with no stored session has loaded none of the
 * packages only a session needs when getState answers, and the probe does see them once a
 * discovery needs them (so "none" is a measurement, not a blind spot).
 */
import { describe, expect, it } from 'vitest';
import { spawnChild } from '../../bench/children/spawnTimed.js';
import { heavyPackagesIn } from '../../bench/harness/heavyModules.js';

type Answer = { modules: number; heavy: string[] };

describe('core-start', () => {
  it('names the heavy packages among loaded module URLs', () => {
    expect(
      heavyPackagesIn([
        'file:///app/node_modules/valibot/dist/index.js',
        'file:///app/node_modules/fake-indexeddb/build/esm/index.js',
        'file:///app/node_modules/matrix-js-sdk/lib/index.js',
        'file:///app/node_modules/matrix-js-sdk/lib/client.js',
        'file:///app/electron/core/session/matrix-js-sdk-notes.ts',
      ]),
    ).toEqual(['matrix-js-sdk', 'fake-indexeddb']);
    expect(heavyPackagesIn(['node:fs', 'file:///app/electron/core/AppCore.ts'])).toEqual([]);
  });

  it('answers getState with no session before loading matrix-js-sdk and the rest', async () => {
    const { line } = await spawnChild('./coreReady.ts');
    expect((JSON.parse(line) as Answer).heavy).toEqual([]);
  }, 60_000);

  it('loads matrix-js-sdk once discovery needs it', async () => {
    // Port 9 (discard) refuses: discovery fails, after the session code was loaded for it.
    const { line } = await spawnChild('./coreReady.ts', ['--discover', 'http://127.0.0.1:9']);
    expect((JSON.parse(line) as Answer).heavy).toContain('matrix-js-sdk');
  }, 60_000);
});
