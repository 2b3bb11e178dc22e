/**
 * A change of m.identity_server made on another device reaches the window before this app
 * writes anything about it to disk (issue 14, is-live): each settings write rewrites and syncs
 * the whole file, which cost the change on screen most of its time beyond the round trip. And a
 * write that would change nothing (forgetting terms never accepted) is not made at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import type { IdentityState } from '../../electron/ipc/contract.js';
import { startWorld, type World } from '../fixtures/index.js';
import { createNodePlatform, createRecordingLogger } from '../node-platform/createNodePlatform.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let world: World | undefined;
let core: AppCoreApi | undefined;
afterEach(async () => {
  await core?.dispose();
  await world?.close();
  core = world = undefined;
});

describe('a change of identity server made elsewhere', () => {
  it('is emitted before the settings file is written, and terms never accepted are not written', async () => {
    world = await startWorld({});
    const platform = createNodePlatform({
      dataDir: mkdtempSync(join(tmpdir(), 'routed-matrix-live-')),
      log: createRecordingLogger(),
    });
    const order: string[] = [];
    const { set, delete: remove } = platform.settings;
    platform.settings.set = (key, value) => {
      order.push(`write ${key}`);
      set.call(platform.settings, key, value);
    };
    platform.settings.delete = (key) => {
      order.push(`write ${key}`);
      remove.call(platform.settings, key);
    };
    core = createAppCore(platform, { appVersion: 'test', defaultIdentityServer: null });
    const seen: IdentityState[] = [];
    const wakers = new Set<() => void>();
    core.onEvent((name, payload) => {
      if (name !== 'identity') return;
      const state = payload as IdentityState;
      order.push(`emit ${state.url}`);
      seen.push(state);
      for (const wake of wakers) wake();
    });
    const identityShows = (url: string) =>
      new Promise<void>((resolve) => {
        const check = () => seen.some((s) => s.url === url) && resolve();
        wakers.add(check);
        check();
      });
    await core.start();
    await core.handlers.discover({ server: world.hs1.baseUrl });
    await core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-password' });
    const first = world.identityServer!.baseUrl;
    world.hs1.setAccountData('alice', 'm.identity_server', { base_url: first });
    await identityShows(first);

    order.length = 0;
    const other = 'https://identity.elsewhere.example';
    world.hs1.setAccountData('alice', 'm.identity_server', { base_url: other });
    await identityShows(other);
    expect(order).toEqual([`emit ${other}`, 'write identity.lastActive']);
  });
});
