/**
 * Test connection in Electron (issue 12, item 5): its probes are Node sockets beside Chromium's
 * stack, so with a system or PAC proxy the proxy step says where Chromium sends the app's
 * requests (session.resolveProxy), and the TLS step says which verifier it used.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionProbes } from '../../../electron/core/net/connectionTest/probes.js';
import { runConnectionTest } from '../../../electron/core/net/connectionTest/runConnectionTest.js';
import { systemClock } from '../../../electron/core/platform.js';

const okFetch = vi.fn(
  async () =>
    new Response(JSON.stringify({ versions: ['v1.11'] }), {
      headers: { 'content-type': 'application/json' },
    }),
);

function probes(overrides: Partial<ConnectionProbes>): ConnectionProbes {
  return {
    resolve: vi.fn(async () => ['192.0.2.10']),
    openTcp: vi.fn(async () => ({ close: vi.fn() })),
    proxyConnect: vi.fn(async () => 200),
    tls: vi.fn(async () => ({ trusted: true, problem: null, certificate: null })),
    ...overrides,
  };
}

describe('Test connection beside Chromium', () => {
  it("names Chromium's route for a PAC proxy", async () => {
    const resolveProxy = vi.fn(async () => 'PROXY proxy.corp:3128; DIRECT');
    const report = await runConnectionTest({
      server: 'https://matrix.corp',
      proxy: { mode: 'pac', pac_url: 'https://wpad.corp/proxy.pac' },
      probes: probes({ resolveProxy }),
      fetch: okFetch,
      clock: systemClock,
    });
    expect(resolveProxy).toHaveBeenCalledWith('https://matrix.corp');
    expect(report.steps.find((s) => s.step === 'proxy')?.detail).toBe(
      "The app's requests to matrix.corp go through the HTTP proxy proxy.corp:3128 (from the script https://wpad.corp/proxy.pac); this test's own steps connect directly, the HTTP step uses the app's route.",
    );
  });

  it('says when the system settings send the requests directly', async () => {
    const report = await runConnectionTest({
      server: 'https://matrix.corp',
      proxy: { mode: 'system' },
      probes: probes({ resolveProxy: async () => 'DIRECT' }),
      fetch: okFetch,
      clock: systemClock,
    });
    expect(report.steps.find((s) => s.step === 'proxy')?.detail).toContain(
      "The app's requests to matrix.corp go directly, without a proxy (from the system settings)",
    );
  });

  it("adds the probes' note to the TLS step", async () => {
    const report = await runConnectionTest({
      server: 'https://matrix.corp',
      proxy: { mode: 'direct' },
      probes: probes({ tlsNote: '(Checked with Node.)' }),
      fetch: okFetch,
      clock: systemClock,
    });
    expect(report.steps.find((s) => s.step === 'tls')?.detail).toBe(
      'The server matrix.corp sent a trusted certificate. (Checked with Node.)',
    );
  });
});
