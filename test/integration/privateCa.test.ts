/**
 * A homeserver whose certificate comes from its own private CA (issue 12, item 3): the app does
 * not trust it until the administrator's managed configuration lists that CA in
 * `extra_ca_certificates`; then every request of the app (discovery, sign-in, sync) trusts it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadManagedConfig } from '../../electron/config/loadManagedConfig.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let server: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await server?.close();
  app = server = undefined;
});

const alice = { localpart: 'alice', password: 'alice-pw' };

/** The administrator's system config file naming the CA's PEM file, read as main reads it. */
function managedConfigTrusting(caPem: string) {
  const dir = mkdtempSync(join(tmpdir(), 'routed-matrix-ca-'));
  writeFileSync(join(dir, 'corp-ca.pem'), caPem);
  const systemConfigFile = join(dir, 'config.json');
  writeFileSync(
    systemConfigFile,
    JSON.stringify({ extra_ca_certificates: [join(dir, 'corp-ca.pem')] }),
  );
  const managed = loadManagedConfig({
    platform: process.platform,
    env: {},
    argv: [],
    userDataDir: null,
    systemConfigFile,
  });
  expect(managed.problems).toEqual([]);
  return managed;
}

function caOf(homeserver: Homeserver): string {
  if (!homeserver.caPem) throw new Error('the fixture server has no CA');
  return homeserver.caPem;
}

describe('private certificate authorities', () => {
  it('refuses a server signed by an unknown CA, naming the server and the TLS problem', async () => {
    server = await startHomeserver({ tls: { freshCertificate: true }, users: [alice] });
    app = await startCore();
    const failure = await app.core.handlers.discover({ server: server.baseUrl }).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(failure).toHaveProperty('error');
    const message = String((failure as { error: Error }).error.message);
    expect(message).toContain(new URL(server.baseUrl).host);
    expect(message).toMatch(/TLS certificate is not trusted .*certificate authority/);
    expect(server.requests()).toEqual([]);
  });

  it('signs in once the managed configuration lists the server’s CA', async () => {
    server = await startHomeserver({ tls: { freshCertificate: true }, users: [alice] });
    app = await startCore({ managedConfig: managedConfigTrusting(caOf(server)) });
    await app.core.handlers.discover({ server: server.baseUrl });
    const state = await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-pw',
    });
    expect(state).toMatchObject({ status: 'signedIn', homeserverUrl: server.baseUrl });
    await expect.poll(() => server!.requestCount({ path: '/sync' })).toBeGreaterThan(0);
  });
});
