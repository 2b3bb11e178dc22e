/**
 * The Node platform's proxy sign-in (test/node-platform/nodeNetwork.ts) against a real
 * proxy-chain proxy: a request whose caller gives up while the user is still being asked stops
 * waiting (its deadline holds), and the answer that comes later serves the next request without
 * asking again.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyCredentials } from '../../electron/core/net/proxy/proxyCredentials.js';
import { createNodeNetwork } from '../node-platform/nodeNetwork.js';
import { startTestProxy, type TestProxy } from './proxyServers.js';

const CORP = { username: 'corp-user', password: 'pw' };

let proxy: TestProxy | undefined;
let target: Server | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
  proxy = target = undefined;
});

describe('proxy sign-in on the Node platform', () => {
  it('an abandoned request stops waiting for the user; their answer serves the next one', async () => {
    proxy = await startTestProxy(CORP);
    target = createServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => target!.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as { port: number };
    const network = createNodeNetwork({
      proxy: { mode: 'manual', url: proxy.url, bypass: [] },
      extraCas: [],
    });
    // As the core's ProxyAuthBroker does: one prompt, whose answer every asker gets.
    let answer!: (credentials: ProxyCredentials | null) => void;
    const prompt = new Promise<ProxyCredentials | null>((resolve) => (answer = resolve));
    let asks = 0;
    network.control.setProxyAuthenticator(() => {
      asks++;
      return prompt;
    });

    const abandon = new AbortController();
    const first = network.fetch(`http://127.0.0.1:${port}/`, { signal: abandon.signal });
    await expect.poll(() => asks).toBe(1);
    abandon.abort(new DOMException('gave up', 'TimeoutError'));
    await expect(first).rejects.toMatchObject({ name: 'TimeoutError' });

    answer(CORP);
    const second = await network.fetch(`http://127.0.0.1:${port}/`);
    expect(await second.text()).toBe('hello');
    expect(proxy.log.at(-1)).toMatchObject({ authorized: true, username: CORP.username });
  });
});
