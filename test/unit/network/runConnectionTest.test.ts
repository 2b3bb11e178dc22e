/**
 * runConnectionTest's wording and order with injected probes: failures that are hard to make
 * with real sockets (a name that does not resolve, a server that never answers) and the rule
 * that nothing after the first failure runs.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionProbes } from '../../../electron/core/net/connectionTest/probes.js';
import { runConnectionTest } from '../../../electron/core/net/connectionTest/runConnectionTest.js';
import { systemClock } from '../../../electron/core/platform.js';
import { createManualClock } from '../../node-platform/manualClock.js';

const socket = { close: vi.fn() };

function probes(overrides: Partial<ConnectionProbes> = {}): ConnectionProbes {
  return {
    resolve: vi.fn(async () => ['192.0.2.10']),
    openTcp: vi.fn(async () => socket),
    proxyConnect: vi.fn(async () => 200),
    tls: vi.fn(async () => ({ trusted: true, problem: null, certificate: null })),
    ...overrides,
  };
}

const neverFetch = vi.fn(async () => {
  throw new Error('the HTTP step must not run');
});

describe('runConnectionTest', () => {
  it('names a server name that does not resolve, and stops there', async () => {
    const injected = probes({
      resolve: vi.fn(async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      }),
    });
    const report = await runConnectionTest({
      server: 'https://matrix.example.invalid',
      proxy: { mode: 'direct' },
      probes: injected,
      fetch: neverFetch,
      clock: systemClock,
    });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.step)).toEqual(['dns']);
    expect(report.failure).toBe(
      "The server matrix.example.invalid cannot be found: the name matrix.example.invalid does not exist in DNS (ENOTFOUND); check the spelling, or your network's DNS.",
    );
    expect(injected.openTcp).not.toHaveBeenCalled();
    expect(neverFetch).not.toHaveBeenCalled();
  });

  it('gives up on a server that never answers the TCP connection, on the core clock', async () => {
    const clock = createManualClock({ start: 0 });
    let connecting!: () => void;
    const connectStarted = new Promise<void>((resolve) => (connecting = resolve));
    const pending = runConnectionTest({
      server: 'https://matrix.example.org',
      proxy: { mode: 'direct' },
      probes: probes({
        openTcp: () => {
          connecting();
          return new Promise(() => {});
        },
      }),
      fetch: neverFetch,
      clock,
      timeoutMs: 10_000,
    });
    // The barrier: the TCP step is waiting; only then does time pass.
    await connectStarted;
    await clock.advance(10_000);
    const report = await pending;
    expect(report.failure).toBe(
      'The server matrix.example.org did not answer at matrix.example.org:443 (timed out): a firewall may be dropping the connection.',
    );
  });

  it('resolves and connects to the proxy, not the server, when a manual proxy is set', async () => {
    const injected = probes({ proxyConnect: vi.fn(async () => 502) });
    const report = await runConnectionTest({
      server: 'https://matrix.example.org:8448',
      proxy: { mode: 'manual', url: 'http://proxy.corp:3128', bypass: [] },
      probes: injected,
      fetch: neverFetch,
      clock: systemClock,
    });
    expect(injected.resolve).toHaveBeenCalledWith('proxy.corp');
    expect(injected.openTcp).toHaveBeenCalledWith('proxy.corp', 3128);
    expect(injected.proxyConnect).toHaveBeenCalledWith(socket, 'matrix.example.org:8448', null);
    expect(report.failure).toBe(
      'The proxy http://proxy.corp:3128 would not connect to matrix.example.org:8448 (HTTP 502).',
    );
  });
});
