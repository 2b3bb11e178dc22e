/**
 * Discovery of a server name through the whole core (issue 9, defect 8): its .well-known is read
 * from the hostname, port dropped, as the spec says; and a redirect of that .well-known is
 * checked like any other. The fixtures are reached under the world's port-less names through
 * the Node platform's `hosts` (see World.names).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCoreApi } from '../../electron/core/AppCore.js';
import { startHomeserver, startWorld, type Homeserver, type World } from '../fixtures/index.js';
import { createNodePlatform, createRecordingLogger } from '../node-platform/createNodePlatform.js';

let world: World | undefined;
let trap: Homeserver | undefined;
let core: AppCoreApi | undefined;
afterEach(async () => {
  await core?.dispose();
  await world?.close();
  await trap?.close();
  core = world = trap = undefined;
});

async function setUp() {
  world = await startWorld({ tls: true, identityServer: false });
  const platform = createNodePlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'routed-matrix-it-')),
    extraCaPem: world.caPem,
    hosts: world.hosts,
    log: createRecordingLogger(),
  });
  core = createAppCore(platform, { appVersion: 'test', defaultIdentityServer: null });
  await core.start();
  return { world, core };
}

const wellKnownRequests = (hs: Homeserver) =>
  hs.requestCount({ method: 'GET', path: '/.well-known/matrix/client' });

describe('discovery by server name', () => {
  it('reads the .well-known of a name on its hostname', async () => {
    const { world, core } = await setUp();
    const discovery = await core.handlers.discover({ server: world.names.hs1 });
    expect(discovery.homeserverUrl).toBe(world.hs1.baseUrl);
    expect(wellKnownRequests(world.hs1)).toBe(1);
  });

  it('drops the port of the name for the .well-known (nothing listens on :8448 here)', async () => {
    const { world, core } = await setUp();
    const discovery = await core.handlers.discover({ server: `${world.names.hs1}:8448` });
    expect(discovery.homeserverUrl).toBe(world.hs1.baseUrl);
    expect(wellKnownRequests(world.hs1)).toBe(1);
  });

  it('refuses a .well-known that redirects to plain http; the http server hears nothing', async () => {
    const { world, core } = await setUp();
    trap = await startHomeserver({ label: 'trap' });
    world.hs1.redirectNext(1, {
      location: `${trap.baseUrl}/.well-known/matrix/client`,
      path: '/.well-known/matrix/client',
    });
    const error = await core.handlers.discover({ server: world.names.hs1 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    const name = world.names.hs1;
    expect(error?.message).toBe(
      `Could not discover ${name}: ${name} redirected https://${name}/.well-known/matrix/client ` +
        `to ${trap.baseUrl}/.well-known/matrix/client, which was refused: it would downgrade the ` +
        `connection from https to http (${new URL(trap.baseUrl).host}).`,
    );
    // Barrier: the redirect was answered and discovery has settled.
    expect(world.hs1.requests({ path: '/.well-known/matrix/client' }).map((r) => r.status)).toEqual(
      [302],
    );
    expect(trap.requests()).toEqual([]);
  });
});
