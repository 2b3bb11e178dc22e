/**
 * Proxy sign-in asks the user (issue 12): a proxy that answers 407 makes the core emit a
 * `proxyAuthPrompt` naming the proxy; the answer (`proxyAuthAnswer`) retries the request that
 * needed it. Remembered answers are sealed and survive a restart; others last for this run.
 * A wrong password asks again, saying so; Cancel fails the request naming the proxy. Through a
 * real proxy-chain proxy on loopback, whose log says what it let through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProxyAuthPromptEvent } from '../../electron/ipc/contract.js';
import { startWorld, type World } from '../fixtures/index.js';
import { startTestProxy, type TestProxy } from './proxyServers.js';
import { startCore, type CoreUnderTest } from './support.js';

const CORP = { username: 'corp-user', password: 's3cret:pw' };

let world: World | undefined;
let app: CoreUnderTest | undefined;
let proxy: TestProxy | undefined;

afterEach(async () => {
  await app?.close();
  await world?.close();
  await proxy?.close();
  app = world = proxy = undefined;
});

async function setUp() {
  world = await startWorld({ identityServer: false, tls: true });
  proxy = await startTestProxy(CORP);
  app = await startCore({
    extraCaPem: world.caPem,
    proxy: { mode: 'manual', url: proxy.url, bypass: [] },
  });
  return { world, proxy, app };
}

/** The prompt opened after the first `seen` ones (events are kept in order). */
async function nextPrompt(core: CoreUnderTest, seen = 0): Promise<ProxyAuthPromptEvent> {
  await core.waitFor('proxyAuthPrompt', () => prompts(core).length > seen);
  return prompts(core)[seen]!;
}

function prompts(core: CoreUnderTest): ProxyAuthPromptEvent[] {
  return core.events
    .filter((e) => e.name === 'proxyAuthPrompt' && e.payload !== null)
    .map((e) => e.payload as ProxyAuthPromptEvent);
}

describe('proxy sign-in', () => {
  it('asks naming the proxy, retries with the answer, and a remembered answer survives a restart', async () => {
    const { world, proxy, app: first } = await setUp();
    const discovering = first.core.handlers.discover({ server: world.hs1.baseUrl });
    const prompt = await nextPrompt(first);
    expect(prompt).toMatchObject({ proxy: proxy.url, refused: false });
    await first.core.handlers.proxyAuthAnswer({
      id: prompt.id,
      answer: { ...CORP, remember: true },
    });
    await discovering;
    const state = await first.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    expect(state).toMatchObject({ status: 'signedIn' });
    // One prompt for the whole sign-in: later requests reuse the answer.
    expect(prompts(first)).toHaveLength(1);
    expect(proxy.log.some((e) => e.authorized && e.username === CORP.username)).toBe(true);
    const settings = await first.core.handlers.networkSettings({});
    expect(settings.rememberedProxies).toEqual([proxy.url]);
    // Sealed: the password is not in the settings file, nor in the log.
    const file = readFileSync(join(first.dataDir, 'settings.json'), 'utf8');
    expect(file).not.toContain(CORP.password);
    expect(first.log.lines.join('\n')).not.toContain(CORP.password);

    // After a restart the restored session syncs through the proxy without asking.
    const syncsBefore = world.hs1.requestCount({ path: '/sync' });
    app = await first.restart();
    await app.waitFor('session', (s) => s.status === 'signedIn');
    await vi.waitFor(
      () => expect(world.hs1.requestCount({ path: '/sync' })).toBeGreaterThan(syncsBefore),
      { timeout: 10_000, interval: 20 },
    );
    expect(prompts(app)).toEqual([]);
  });

  it('keeps an answer not remembered for this run only: after a restart it asks again', async () => {
    const { world, app: first } = await setUp();
    const discovering = first.core.handlers.discover({ server: world.hs1.baseUrl });
    const prompt = await nextPrompt(first);
    await first.core.handlers.proxyAuthAnswer({
      id: prompt.id,
      answer: { ...CORP, remember: false },
    });
    await discovering;
    expect((await first.core.handlers.networkSettings({})).rememberedProxies).toEqual([]);

    app = await first.restart();
    const again = app.core.handlers.discover({ server: world.hs1.baseUrl });
    const secondPrompt = await nextPrompt(app);
    expect(secondPrompt.refused).toBe(false);
    // A window that starts listening now still finds the open prompt.
    expect((await app.core.handlers.networkSettings({})).pendingProxyAuth).toEqual(secondPrompt);
    await app.core.handlers.proxyAuthAnswer({ id: secondPrompt.id, answer: null });
    await expect(again).rejects.toThrow(proxy!.url);
    expect((await app.core.handlers.networkSettings({})).pendingProxyAuth).toBeNull();
  });

  it('asks again, saying so, when the proxy refuses the password; the right one then works', async () => {
    const { world, proxy, app } = await setUp();
    const discovering = app.core.handlers.discover({ server: world.hs1.baseUrl });
    const first = await nextPrompt(app);
    await app.core.handlers.proxyAuthAnswer({
      id: first.id,
      answer: { username: CORP.username, password: 'wrong', remember: false },
    });
    const second = await nextPrompt(app, 1);
    expect(second).toMatchObject({ proxy: proxy.url, refused: true });
    expect(second.id).not.toBe(first.id);
    await app.core.handlers.proxyAuthAnswer({
      id: second.id,
      answer: { ...CORP, remember: false },
    });
    await expect(discovering).resolves.toMatchObject({ homeserverUrl: world.hs1.baseUrl });
    expect(proxy.log.filter((e) => e.username === CORP.username && !e.authorized)).toHaveLength(1);
  });

  it('Cancel fails the request with an error naming the proxy; the homeserver sees nothing', async () => {
    const { world, proxy, app } = await setUp();
    const discovering = app.core.handlers.discover({ server: world.hs1.baseUrl });
    const prompt = await nextPrompt(app);
    await app.core.handlers.proxyAuthAnswer({ id: prompt.id, answer: null });
    await expect(discovering).rejects.toThrow(
      `the proxy ${proxy.url} asks for a user name and password (HTTP 407)`,
    );
    // The prompt is closed, and nothing reached the homeserver.
    const promptEvents = app.events.filter((e) => e.name === 'proxyAuthPrompt');
    expect(promptEvents.at(-1)?.payload).toBeNull();
    expect(world.hs1.requests()).toHaveLength(0);
    expect(proxy.log.some((e) => e.authorized)).toBe(false);
  });

  it('forgetting a remembered sign-in makes the next request ask again', async () => {
    const { world, proxy, app } = await setUp();
    const discovering = app.core.handlers.discover({ server: world.hs1.baseUrl });
    await app.core.handlers.proxyAuthAnswer({
      id: (await nextPrompt(app)).id,
      answer: { ...CORP, remember: true },
    });
    await discovering;
    const settings = await app.core.handlers.forgetProxyCredentials({ proxy: proxy.url });
    expect(settings.rememberedProxies).toEqual([]);
    const again = app.core.handlers.discover({ server: world.hs1.baseUrl });
    const prompt = await nextPrompt(app, 1);
    await app.core.handlers.proxyAuthAnswer({ id: prompt.id, answer: null });
    await expect(again).rejects.toThrow(proxy.url);
  });

  it('refuses an answer to a prompt that is not open', async () => {
    const { app } = await setUp();
    await expect(
      app.core.handlers.proxyAuthAnswer({ id: 'proxy-auth-99', answer: null }),
    ).rejects.toMatchObject({ code: 'NO_SUCH_PROMPT' });
  });
});
