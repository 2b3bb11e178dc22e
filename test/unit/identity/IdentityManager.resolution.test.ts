/**
 * Each resolution case end to end: what the account data on the fixture homeserver says, what
 * the manager resolves, what it emits (once), and that it never writes the event back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityState } from '../../../electron/ipc/contract.js';
import { startHarness, type Harness, type HarnessOptions } from './identityHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const LOGIN_IS = 'https://login-is.example';
const DISCOVERY_IS = 'https://discovery-is.example';
const APP_IS = 'https://app-is.example';
const allDefaults = { login: LOGIN_IS, discovery: DISCOVERY_IS, app: APP_IS };

async function resolve(options: HarnessOptions): Promise<IdentityState> {
  harness = await startHarness(options);
  await harness.manager.start();
  await harness.manager.whenKnown();
  return harness.manager.state();
}

function expectNothingWritten(h: Harness, before: unknown): void {
  expect(h.hs.getAccountData('alice', 'm.identity_server')).toEqual(before);
  expect(h.hs.requestCount({ method: 'PUT', path: '/account_data/{type}' })).toBe(0);
}

describe('IdentityManager resolution', () => {
  it('uses the account base_url over every default', async () => {
    const state = await resolve({
      accountData: { 'm.identity_server': { base_url: 'https://account-is.example/' } },
      defaults: allDefaults,
    });
    expect(state).toEqual({
      url: 'https://account-is.example',
      source: 'account',
      disabledByAccount: false,
      termsAccepted: false,
      changedElsewhere: null,
    });
    expect(harness!.emitted).toEqual([state]);
    expectNothingWritten(harness!, { base_url: 'https://account-is.example/' });
  });

  it('treats {"base_url": null} as disabled, ignoring defaults', async () => {
    const state = await resolve({
      accountData: { 'm.identity_server': { base_url: null } },
      defaults: allDefaults,
    });
    expect(state).toMatchObject({ url: null, source: 'account', disabledByAccount: true });
    expect(harness!.emitted).toHaveLength(1);
    await expect(
      harness!.manager.lookupContact({ medium: 'email', address: 'bob@example.org' }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_NONE',
      message: expect.stringContaining('turned off'),
    });
  });

  it.each([
    ['a number', { base_url: 42 }],
    ['an empty string', { base_url: '' }],
    ['a javascript: URL', { base_url: 'javascript:alert(1)' }],
    ['a file: URL', { base_url: 'file:///etc/passwd' }],
    ['plain http to a remote host', { base_url: 'http://is.example' }],
    ['no base_url', { something: 'else' }],
    ['empty content', {}],
  ])('counts an event with %s as absent: login default, nothing written', async (_, content) => {
    const state = await resolve({
      accountData: { 'm.identity_server': content },
      defaults: allDefaults,
    });
    expect(state).toMatchObject({ url: LOGIN_IS, source: 'login', disabledByAccount: false });
    expectNothingWritten(harness!, content);
  });

  it('falls back to the discovery default when there is no event and no login default', async () => {
    const state = await resolve({ defaults: { discovery: DISCOVERY_IS, app: APP_IS } });
    expect(state).toMatchObject({ url: DISCOVERY_IS, source: 'discovery' });
    expectNothingWritten(harness!, undefined);
  });

  it('falls back to the app default last', async () => {
    const state = await resolve({ defaults: { app: APP_IS } });
    expect(state).toMatchObject({ url: APP_IS, source: 'default' });
    expectNothingWritten(harness!, undefined);
  });

  it('resolves to none without event or defaults, and emits once', async () => {
    const state = await resolve({});
    expect(state).toEqual({
      url: null,
      source: 'none',
      disabledByAccount: false,
      termsAccepted: false,
      changedElsewhere: null,
    });
    expect(harness!.emitted).toEqual([state]);
    expectNothingWritten(harness!, undefined);
  });

  it('never writes a default back, even after using it', async () => {
    harness = await startHarness({ defaults: (is) => ({ login: is.baseUrl }) });
    const { manager, is } = harness;
    await manager.start();
    await manager.whenKnown();
    const candidate = await manager.identityDefaultCheck();
    expect(candidate?.url).toBe(is.baseUrl);
    await manager.identityAcceptTerms({
      acceptedPolicyUrls: candidate!.policies.map((p) => p.url),
      acceptNoTerms: false,
    });
    expect(manager.state()).toMatchObject({ source: 'login', termsAccepted: true });
    expect(harness.hs.getAccountData('alice', 'm.identity_server')).toBeUndefined();
  });
});
