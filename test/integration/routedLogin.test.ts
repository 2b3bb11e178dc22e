import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

async function signIn(username: string, password = `${username}-password`) {
  await app!.core.handlers.discover({ server: world!.portal.baseUrl });
  return app!.core.handlers.loginWithPassword({ identifier: username, password });
}

describe('routed login (core against the fixture portal)', () => {
  it.each(['well_known', 'base_cs_url', 'both'] as const)(
    'follows the portal to the user’s homeserver (%s)',
    async (mode) => {
      world = await startWorld({ loginResponse: mode });
      app = await startCore();
      const state = await signIn('alice');
      expect(state).toMatchObject({
        status: 'signedIn',
        userId: world.user('alice').userId,
        homeserverUrl: world.hs1.baseUrl,
        loginServerUrl: world.portal.baseUrl,
        redirectRejected: null,
      });
    },
  );

  it('stays on the portal when the login answer names no homeserver', async () => {
    world = await startWorld({ loginResponse: 'neither' });
    app = await startCore();
    const state = await signIn('alice');
    expect(state).toMatchObject({ status: 'signedIn', homeserverUrl: world.portal.baseUrl });
  });

  it('sends nothing to the portal after the redirect, and the sync to the target', async () => {
    world = await startWorld({ loginResponse: 'well_known' });
    app = await startCore();
    await signIn('bob');
    await app.waitFor('identity', (s) => s.source !== 'pending');
    await expect.poll(() => world!.hs2.requestCount({ path: '/sync' })).toBeGreaterThan(0);
    const portalPaths = world.portal.requests().map((r) => `${r.method} ${r.template}`);
    for (const path of portalPaths) {
      // Discovery's requests (auth_metadata: does it use OAuth 2.0?) and the sign-in only.
      expect(path).toMatch(/\/\.well-known\/matrix\/client|\/versions|\/login$|\/auth_metadata$/);
    }
  });

  it('resumes after a restart against the target, with the tokens sealed on disk', async () => {
    world = await startWorld({ loginResponse: 'well_known' });
    app = await startCore();
    await signIn('alice');
    const onDisk = readFileSync(join(app.dataDir, 'settings.json'), 'utf8');
    for (const session of world.hs1.sessions('alice')) {
      expect(onDisk).not.toContain(session.accessToken);
    }
    world.portal.resetRequests();
    app = await app.restart();
    expect(await app.session()).toMatchObject({
      status: 'signedIn',
      homeserverUrl: world.hs1.baseUrl,
    });
    await expect.poll(() => world!.hs1.requestCount({ path: '/sync' })).toBeGreaterThan(0);
    expect(world.portal.requestCount()).toBe(0);
  });
});
