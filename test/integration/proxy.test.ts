/**
 * The app's traffic through a real proxy (proxy-chain on loopback), as an enterprise network
 * routes it: https to the fixture homeserver is tunnelled with CONNECT, with and without proxy
 * authentication. What went through the proxy is read from the proxy's own log (a counting
 * prepareRequestFunction), after the sign-in finished.
 */
import { createServer } from 'node:net';
import { Server as ProxyServer } from 'proxy-chain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

interface ProxyLogEntry {
  hostname: string;
  port: number;
  isHttp: boolean;
  authorized: boolean;
}

let world: World | undefined;
let app: CoreUnderTest | undefined;
let proxy: ProxyServer | undefined;

afterEach(async () => {
  await app?.close();
  await world?.close();
  await proxy?.close(true);
  app = world = proxy = undefined;
});

/** A proxy on an ephemeral loopback port that logs each request; with `auth`, it asks for it. */
async function startProxy(auth?: { username: string; password: string }) {
  const log: ProxyLogEntry[] = [];
  const server = new ProxyServer({
    port: 0,
    host: '127.0.0.1',
    verbose: false,
    prepareRequestFunction: ({ username, password, hostname, port, isHttp }) => {
      const authorized = !auth || (username === auth.username && password === auth.password);
      log.push({ hostname, port, isHttp, authorized });
      return { requestAuthentication: !authorized };
    },
  });
  await server.listen();
  proxy = server;
  return { server, log, url: `http://127.0.0.1:${server.port}` };
}

async function signIn(username: string) {
  await app!.core.handlers.discover({ server: world!.hs1.baseUrl });
  return app!.core.handlers.loginWithPassword({
    identifier: username,
    password: `${username}-password`,
  });
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sign-in and sync through a proxy', () => {
  it('tunnels every request to the https homeserver through the proxy (CONNECT)', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    const { log, url } = await startProxy();
    app = await startCore({
      extraCaPem: world.caPem,
      proxy: { mode: 'manual', url, bypass: [] },
    });
    const state = await signIn('alice');
    expect(state).toMatchObject({ status: 'signedIn' });
    // The first /sync, through the proxy too.
    await vi.waitFor(() => expect(world!.hs1.requestCount({ path: '/sync' })).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 20,
    });
    const hs = new URL(world.hs1.baseUrl);
    // Only CONNECT tunnels (isHttp false), all to the homeserver.
    expect(log.length).toBeGreaterThan(0);
    expect(
      log.every((e) => !e.isHttp && e.hostname === hs.hostname && e.port === Number(hs.port)),
    ).toBe(true);
  });

  it('sends the proxy credentials when the proxy asks for them', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    const { log, url } = await startProxy({ username: 'corp-user', password: 's3cret:pw' });
    app = await startCore({
      extraCaPem: world.caPem,
      proxy: { mode: 'manual', url, bypass: [] },
      proxyCredentials: { username: 'corp-user', password: 's3cret:pw' },
    });
    const state = await signIn('alice');
    expect(state).toMatchObject({ status: 'signedIn' });
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((e) => e.authorized)).toBe(true);
    expect(app.log.lines.join('\n')).not.toContain('s3cret');
  });

  it('fails the sign-in, and the homeserver sees nothing, when the proxy refuses the credentials and the user cancels', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    const { log, url } = await startProxy({ username: 'corp-user', password: 'right' });
    app = await startCore({
      extraCaPem: world.caPem,
      proxy: { mode: 'manual', url, bypass: [] },
      proxyCredentials: { username: 'corp-user', password: 'wrong' },
    });
    const discovering = app.core.handlers.discover({ server: world.hs1.baseUrl });
    // The user is asked (proxyAuth.test.ts); here they cancel.
    const prompt = await app.waitFor('proxyAuthPrompt', (p) => p !== null);
    expect(prompt).toMatchObject({ proxy: url, refused: true });
    await app.core.handlers.proxyAuthAnswer({ id: prompt!.id, answer: null });
    await expect(discovering).rejects.toThrow(
      `the proxy ${url} refused the user name and password (HTTP 407)`,
    );
    expect(log.length).toBeGreaterThan(0);
    expect(log.some((e) => e.authorized)).toBe(false);
    expect(world.hs1.requests()).toHaveLength(0);
  });

  it('does not fall back to a direct connection when the proxy is unreachable', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    const port = await closedPort();
    app = await startCore({
      extraCaPem: world.caPem,
      proxy: { mode: 'manual', url: `http://127.0.0.1:${port}`, bypass: [] },
    });
    await expect(app.core.handlers.discover({ server: world.hs1.baseUrl })).rejects.toThrow(
      `the proxy http://127.0.0.1:${port} could not be reached (ECONNREFUSED)`,
    );
    expect(world.hs1.requests()).toHaveLength(0);
  });

  it('goes direct for hosts on the bypass list', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    const { log, url } = await startProxy();
    app = await startCore({
      extraCaPem: world.caPem,
      proxy: { mode: 'manual', url, bypass: ['127.0.0.1'] },
    });
    const state = await signIn('alice');
    expect(state).toMatchObject({ status: 'signedIn' });
    expect(log).toHaveLength(0);
    expect(world.hs1.requestCount({ path: '/login' })).toBeGreaterThan(0);
  });
});
