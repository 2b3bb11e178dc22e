/**
 * The user's proxy choice (Settings → Network, issue 12): validated, applied to the very next
 * request, kept across a restart, and refused when the administrator locked the proxy. Through
 * a real proxy-chain proxy and a real SOCKS5 proxy on loopback; what went through them is read
 * from their logs after the request under test has finished.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyManagedConfig } from '../../electron/config/managedConfig.js';
import { startWorld, type World } from '../fixtures/index.js';
import { startSocks5Proxy, type Socks5Proxy } from '../fixtures/socks/startSocks5Proxy.js';
import { startTestProxy, type TestProxy } from './proxyServers.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
let proxy: TestProxy | undefined;
let socks: Socks5Proxy | undefined;

afterEach(async () => {
  await app?.close();
  await world?.close();
  await proxy?.close();
  await socks?.close();
  app = world = proxy = socks = undefined;
});

describe('the proxy chosen in Settings → Network', () => {
  it('applies to the next request at once, survives a restart, and "no proxy" goes direct again', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    proxy = await startTestProxy();
    app = await startCore({ extraCaPem: world.caPem });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    expect(proxy.log).toHaveLength(0);

    const chosen = await app.core.handlers.setProxy({
      setting: { mode: 'manual', url: `${proxy.url}/`, bypass: [] },
    });
    expect(chosen).toMatchObject({
      mode: 'manual',
      source: 'user',
      locked: false,
      proxy: `the proxy ${proxy.url}`,
      setting: { mode: 'manual', url: proxy.url, bypass: [] },
    });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    const hs = new URL(world.hs1.baseUrl);
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.every((e) => e.hostname === hs.hostname)).toBe(true);

    app = await app.restart();
    const throughProxy = proxy.log.length;
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    expect(proxy.log.length).toBeGreaterThan(throughProxy);

    await app.core.handlers.setProxy({ setting: { mode: 'direct' } });
    const before = proxy.log.length;
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    expect(proxy.log.length).toBe(before);
  });

  it('refuses a proxy URL it cannot use, in words, and changes nothing', async () => {
    app = await startCore();
    await expect(
      app.core.handlers.setProxy({
        setting: { mode: 'manual', url: 'ftp://proxy.corp:21', bypass: [] },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_PROXY',
      message: expect.stringContaining('http:, https: or socks5:') as unknown,
    });
    await expect(
      app.core.handlers.setProxy({
        setting: { mode: 'manual', url: 'http://user:pw@proxy.corp:3128', bypass: [] },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_PROXY' });
    // The Node platform cannot run a PAC script: refused rather than silently going direct.
    await expect(
      app.core.handlers.setProxy({
        setting: { mode: 'pac', pac_url: 'https://wpad.corp.example/proxy.pac' },
      }),
    ).rejects.toMatchObject({ code: 'PROXY_REFUSED' });
    expect(await app.core.handlers.networkSettings({})).toMatchObject({
      mode: 'system',
      source: 'configuration',
    });
  });

  it('cannot change a proxy the administrator locked, and says who set it', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    proxy = await startTestProxy();
    const managed = emptyManagedConfig();
    managed.config.proxy = { mode: 'manual', url: proxy.url, bypass: [] };
    managed.locked = new Set(['proxy']);
    app = await startCore({ extraCaPem: world.caPem, managedConfig: managed });
    await expect(app.core.handlers.setProxy({ setting: { mode: 'direct' } })).rejects.toMatchObject(
      {
        code: 'PROXY_LOCKED',
        message: `Your administrator has set the proxy (the proxy ${proxy.url}); it cannot be changed here.`,
      },
    );
    expect(await app.core.handlers.networkSettings({})).toMatchObject({
      locked: true,
      source: 'locked',
      mode: 'manual',
    });
    // Still applied: the managed proxy carries the requests.
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    expect(proxy.log.length).toBeGreaterThan(0);
  });
});

describe('SOCKS5', () => {
  it('signs in and syncs through a SOCKS5 proxy chosen in Settings', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    socks = await startSocks5Proxy();
    app = await startCore({ extraCaPem: world.caPem });
    await app.core.handlers.setProxy({ setting: { mode: 'manual', url: socks.url, bypass: [] } });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    const state = await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    expect(state).toMatchObject({ status: 'signedIn' });
    const hs = new URL(world.hs1.baseUrl);
    expect(socks.log.length).toBeGreaterThan(0);
    expect(socks.log.every((e) => e.host === hs.hostname && e.port === Number(hs.port))).toBe(true);
  });

  it('sends the SOCKS5 user name and password the user gave', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    socks = await startSocks5Proxy({ auth: { username: 'corp-user', password: 'socks-pw' } });
    app = await startCore({
      extraCaPem: world.caPem,
      proxy: { mode: 'manual', url: socks.url, bypass: [] },
      proxyCredentials: { username: 'corp-user', password: 'socks-pw' },
    });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    expect(socks.log.length).toBeGreaterThan(0);
    expect(socks.log.every((e) => e.authorized && e.username === 'corp-user')).toBe(true);
  });

  it('asks for the SOCKS5 sign-in, naming the proxy, and retries with the answer', async () => {
    world = await startWorld({ identityServer: false, tls: true });
    socks = await startSocks5Proxy({ auth: { username: 'corp-user', password: 'socks-pw' } });
    app = await startCore({ extraCaPem: world.caPem });
    await app.core.handlers.setProxy({ setting: { mode: 'manual', url: socks.url, bypass: [] } });
    const discovering = app.core.handlers.discover({ server: world.hs1.baseUrl });
    const prompt = await app.waitFor('proxyAuthPrompt', (p) => p !== null);
    expect(prompt).toMatchObject({ proxy: socks.url, refused: false });
    await app.core.handlers.proxyAuthAnswer({
      id: prompt!.id,
      answer: { username: 'corp-user', password: 'socks-pw', remember: false },
    });
    await expect(discovering).resolves.toMatchObject({ homeserverUrl: world.hs1.baseUrl });
    expect(socks.log.some((e) => e.authorized && e.host !== '')).toBe(true);
  });
});
