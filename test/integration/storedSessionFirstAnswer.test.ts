/**
 * Electron main does not wait for core.start() before the window asks getState (the session code
 * is loaded on first need: electron/core/session/loadSessionModule.ts). The first answer must
 * still be the stored session, never the sign-in form that a later event would replace.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import { composeFirstPage } from '../../electron/window/firstPage.js';
import { startWorld, type World } from '../fixtures/index.js';
import { createNodePlatform, createRecordingLogger } from '../node-platform/createNodePlatform.js';
import { startCore } from './support.js';

let world: World | undefined;
let core: AppCoreApi | undefined;
afterEach(async () => {
  await core?.dispose();
  await world?.close();
  core = world = undefined;
});

describe('a stored session at start', () => {
  it('is the first answer to getState, asked before start() has settled', async () => {
    world = await startWorld({ identityServer: false });
    const first = await startCore();
    await first.core.handlers.discover({ server: world.hs1.baseUrl });
    await first.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    await first.close();

    core = createAppCore(
      createNodePlatform({ dataDir: first.dataDir, log: createRecordingLogger() }),
      { appVersion: 'test', defaultIdentityServer: null },
    );
    const starting = core.start();
    // Main writes no state into a page served now: the page asks, and getState waits.
    expect(core.firstState()).toBeNull();
    const { session } = await core.handlers.getState({});
    expect(session).toMatchObject({ status: 'signedIn', userId: world.user('alice').userId });
    await starting;
    // Once start() has settled, the page is served with the session, never the drawn sign-in form.
    const firstState = core.firstState();
    expect(firstState?.state.session).toMatchObject({ status: 'signedIn' });
    const page = composeFirstPage({ plain: '<div id="app"></div>', signIn: 'drawn' }, firstState);
    expect(page).not.toContain('drawn');
    expect(page).toContain(world.user('alice').userId);
  });

  it('with none stored, is the sign-in form', async () => {
    const started = await startCore();
    core = started.core;
    expect(await started.session()).toEqual({ status: 'signedOut', notice: null });
  });
});
