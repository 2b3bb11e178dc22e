/**
 * The harness against real fixture servers: the added delay is really applied to every answer
 * (long-poll wake-ups too), and a run whose target is missed exits non-zero.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRequests, startBenchWorld } from '../../bench/harness/benchWorld.js';

const DELAY = 80;

describe('bench harness', () => {
  it('adds the delay to every answer, as seen by the client and in the request log', async () => {
    const world = await startBenchWorld(DELAY, []);
    try {
      for (const url of [
        `${world.hs1.baseUrl}/_matrix/client/versions`,
        `${world.portal.baseUrl}/_matrix/client/versions`,
        `${world.identityServer!.baseUrl}/_matrix/identity/v2`,
        `${world.hs2.baseUrl}/_matrix/client/v3/no-such-endpoint`, // an error answer too
      ]) {
        const t0 = performance.now();
        await (await fetch(url)).text();
        expect(performance.now() - t0, url).toBeGreaterThanOrEqual(DELAY - 1);
      }
      const log = allRequests(world);
      expect(log).toHaveLength(4);
      for (const entry of log) {
        expect(entry.answeredAt! - entry.time, entry.path).toBeGreaterThanOrEqual(DELAY - 1);
      }
    } finally {
      await world.close();
    }
  });

  it('adds it to the authorization server and its homeserver too, oidc-provider answers included', async () => {
    const world = await startBenchWorld(DELAY, [], { oauth: true });
    try {
      const as = world.oauth!.baseUrl;
      for (const [url, init] of [
        [`${as}/.well-known/openid-configuration`, {}],
        // oidc-provider writes this error answer itself (no client, no grant).
        [
          `${as}/token`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: 'grant_type=authorization_code&code=nope&client_id=nobody',
          },
        ],
        [`${world.oauthHs!.baseUrl}/_matrix/client/v1/auth_metadata`, {}],
      ] as const) {
        const t0 = performance.now();
        await (await fetch(url, init)).text();
        expect(performance.now() - t0, url).toBeGreaterThanOrEqual(DELAY - 1);
      }
      const log = allRequests(world);
      expect(log).toHaveLength(3);
      for (const entry of log) {
        expect(entry.answeredAt! - entry.time, entry.path).toBeGreaterThanOrEqual(DELAY - 1);
      }
    } finally {
      await world.close();
    }
  });

  it('a long-poll woken by a change still pays the delay before its answer', async () => {
    const world = await startBenchWorld(DELAY, [
      { username: 'u', password: 'u-password', homeserver: 'hs1' },
    ]);
    try {
      const token = world.hs1.login('u').access_token;
      const headers = { Authorization: `Bearer ${token}` };
      const sync = `${world.hs1.baseUrl}/_matrix/client/v3/sync`;
      const first = (await (await fetch(sync, { headers })).json()) as { next_batch: string };
      const poll = fetch(`${sync}?since=${first.next_batch}&timeout=10000`, { headers });
      while (world.hs1.pendingSyncs() === 0) await new Promise((r) => setImmediate(r));
      const wokenAt = performance.now();
      world.hs1.setAccountData('u', 'm.identity_server', { base_url: 'https://is.example.org' });
      await (await poll).json();
      expect(performance.now() - wokenAt).toBeGreaterThanOrEqual(DELAY - 1);
    } finally {
      await world.close();
    }
  });

  it('exits non-zero when a target is missed, zero when met', { timeout: 120_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'results.json');
    const bench = (extra: string[]) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'test/bench/run.ts',
            '--scenario',
            'harness-delay',
            '--runs',
            '1',
            '--delay-ms',
            '20',
            '--out',
            out,
            ...extra,
          ],
          { stdio: 'ignore' },
        );
        child.on('exit', resolve);
      });
    expect(await bench([])).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).results[0]).toMatchObject({
      name: 'harness-delay',
      pass: true,
    });
    // A request cannot take 0 ms when every answer waits 20 ms: this target is impossible.
    expect(await bench(['--target-override', 'harness-delay=0'])).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).results[0]).toMatchObject({ pass: false });
  });
});
