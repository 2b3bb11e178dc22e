/**
 * MSC2230's gate, against the fixture servers: no request of any kind reaches any identity
 * server before m.identity_server is known for this login, whether the answer is slow or fails.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from './identityHarness.js';

const ACCOUNT_DATA_READ = '/account_data/{type}';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('IdentityManager gate', () => {
  it('makes no identity-server request while the account-data answer is slow', async () => {
    harness = await startHarness({
      defaults: (is) => ({ app: is.baseUrl }),
      beforeManager: (hs) => hs.addLatency(600, ACCOUNT_DATA_READ),
    });
    const { hs, is, manager } = harness;
    await manager.start(); // does not wait for the slow answer
    expect(manager.state().source).toBe('pending');
    const check = manager.identityCheck({ server: is.baseUrl });
    const lookup = manager.lookupContact({ medium: 'email', address: 'bob@example.org' });
    lookup.catch(() => {});
    expect(manager.state().source).toBe('pending');
    await manager.whenKnown();
    expect(manager.state()).toMatchObject({ source: 'default', url: is.baseUrl });
    await expect(check).resolves.toMatchObject({ url: is.baseUrl });
    // Its terms are not accepted in this app yet, so nothing with an address was sent.
    await expect(lookup).rejects.toMatchObject({ code: 'IDENTITY_TERMS_NOT_ACCEPTED' });
    // The proof: by the request logs, the first IS request came after the slow answer was sent.
    const firstIsRequest = Math.min(...is.requests().map((r) => r.time));
    const accountDataRead = hs.requests({ path: ACCOUNT_DATA_READ })[0]!;
    expect(firstIsRequest).toBeGreaterThanOrEqual(accountDataRead.time + 600);
    expect(is.requestCount({ path: '/hash_details' }) + is.requestCount({ path: '/lookup' })).toBe(
      0,
    );
  });

  it('retries a failing account-data read with backoff and makes no IS request meanwhile', async () => {
    harness = await startHarness({
      defaults: (is) => ({ login: is.baseUrl }),
      manager: { accountDataRetry: { initialMs: 100, maxMs: 400 } },
      beforeManager: (hs) => {
        hs.failNext(2, { status: 502, path: ACCOUNT_DATA_READ });
        hs.rateLimitNext(1, { retryAfterMs: 150, path: ACCOUNT_DATA_READ });
        hs.dropNext(1, ACCOUNT_DATA_READ);
      },
    });
    const { hs, is, manager, platform } = harness;
    await manager.start();
    expect(manager.state().source).toBe('pending');
    const check = manager.identityCheck({ server: is.baseUrl });
    await manager.whenKnown();
    expect(hs.requestCount({ path: ACCOUNT_DATA_READ })).toBe(5);
    await check;
    // By the request logs: no IS request before the read that finally succeeded.
    const lastRead = hs.requests({ path: ACCOUNT_DATA_READ }).at(-1)!;
    expect(lastRead.status).toBe(404); // M_NOT_FOUND: confirmed absent
    expect(Math.min(...is.requests().map((r) => r.time))).toBeGreaterThanOrEqual(lastRead.time);
    expect(manager.state()).toMatchObject({ source: 'login', url: is.baseUrl });
    expect(platform.log.lines.filter((line) => line.includes('m.identity_server'))).toHaveLength(4);
  });

  it('stays pending, with no IS request at all, while the homeserver keeps failing', async () => {
    harness = await startHarness({
      defaults: (is) => ({ app: is.baseUrl }),
      manager: { accountDataRetry: { initialMs: 50, maxMs: 100 } },
      beforeManager: (hs) =>
        hs.injectFault({ kind: 'fail', status: 503, path: ACCOUNT_DATA_READ, count: 'always' }),
    });
    const { hs, is, manager, emitted } = harness;
    await manager.start();
    const check = manager.identityCheck({ server: is.baseUrl });
    check.catch(() => {});
    await eventually(() => expect(hs.requestCount({ path: ACCOUNT_DATA_READ })).toBeGreaterThan(4));
    expect(is.requestCount()).toBe(0);
    expect(manager.state()).toMatchObject({ source: 'pending', url: null });
    expect(emitted).toEqual([]);
    await manager.signOut(); // no IS logout while unknown
    manager.stop();
    await expect(check).rejects.toMatchObject({ code: 'IDENTITY_STOPPED' });
    expect(is.requestCount()).toBe(0);
  });

  it('takes the answer from /sync when it comes first', async () => {
    harness = await startHarness({
      accountData: { 'm.identity_server': { base_url: null } },
      beforeManager: (hs) => hs.addLatency(2000, ACCOUNT_DATA_READ),
    });
    const { manager } = harness;
    void manager.start();
    await harness.startSync();
    await manager.whenKnown();
    expect(manager.state()).toMatchObject({ source: 'account', disabledByAccount: true });
  });
});
