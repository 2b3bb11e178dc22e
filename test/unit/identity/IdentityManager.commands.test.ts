/**
 * The identity commands against the fixture servers: check, change, disable, default, and the
 * failures that must leave m.identity_server exactly as it was.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE_EMAIL,
  ALICE_MSISDN,
  allPolicyUrls,
  changeTo,
  IS_PREFIX,
  startHarness,
  type Harness,
  type HarnessOptions,
} from './identityHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function started(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startHarness(options);
  await harness.manager.start();
  await harness.manager.whenKnown();
  return harness;
}

function identityEvent(h: Harness): unknown {
  return h.hs.getAccountData('alice', 'm.identity_server');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('identityCheck', () => {
  it('answers the normalised URL and the English policies, and writes nothing', async () => {
    const h = await started();
    const candidate = await h.manager.identityCheck({ server: `${h.is.baseUrl}/` });
    expect(candidate).toEqual({
      url: h.is.baseUrl,
      policies: [
        {
          id: 'privacy_policy',
          name: 'Privacy Policy',
          url: `${h.is.baseUrl}/_terms/privacy-1.0-en.html`,
          version: '1.0',
        },
        {
          id: 'terms_of_service',
          name: 'Terms of Service',
          url: `${h.is.baseUrl}/_terms/tos-1.0-en.html`,
          version: '1.0',
        },
      ],
    });
    expect(h.is.requestCounts()).toEqual({
      [`GET ${IS_PREFIX}`]: 1,
      [`GET ${IS_PREFIX}/terms`]: 1,
    });
    expect(h.hs.requestCount({ method: 'PUT' })).toBe(0);
    // Only the record of which server was last active (kept on every answer) may exist.
    expect([...h.platform.settingsMap.keys()].filter((k) => k !== 'identity.lastActive')).toEqual(
      [],
    );
  });

  it('treats a bare host as https', async () => {
    const h = await started();
    await expect(
      h.manager.identityCheck({ server: `127.0.0.1:${h.is.port}` }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(`https://127.0.0.1:${h.is.port}`),
    });
  });

  it.each([
    ['http to a remote host', 'http://is.example', /unencrypted http/],
    ['a javascript: URL', 'javascript:alert(1)', /javascript:/],
    ['credentials', 'https://user:pw@is.example', /user name or password/],
  ])('refuses %s without any request', async (_, server, message) => {
    const h = await started();
    await expect(h.manager.identityCheck({ server })).rejects.toMatchObject({
      code: 'IDENTITY_INVALID_URL',
      message: expect.stringMatching(message),
    });
    expect(h.is.requestCount()).toBe(0);
  });

  it('says when the server is not an identity server', async () => {
    const h = await started();
    await expect(h.manager.identityCheck({ server: h.hs.baseUrl })).rejects.toMatchObject({
      code: 'IDENTITY_NOT_AN_IDENTITY_SERVER',
      message: expect.stringContaining(h.hs.baseUrl),
    });
  });

  it('says when the server cannot be reached', async () => {
    const h = await started();
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(h.manager.identityCheck({ server: url })).rejects.toMatchObject({
      code: 'IDENTITY_UNREACHABLE',
      message: expect.stringContaining(url),
    });
  });

  it('reports malformed terms as a bad answer', async () => {
    const h = await started();
    h.is.malformedNext(1, `${IS_PREFIX}/terms`);
    await expect(h.manager.identityCheck({ server: h.is.baseUrl })).rejects.toMatchObject({
      code: 'IDENTITY_BAD_RESPONSE',
      message: expect.stringContaining(h.is.baseUrl),
    });
  });

  it('refuses a huge answer without reading it all', async () => {
    const h = await started();
    h.is.setTerms({
      p: { version: '1', en: { name: 'x'.repeat(400 * 1024), url: `${h.is.baseUrl}/tos` } },
    });
    await expect(h.manager.identityCheck({ server: h.is.baseUrl })).rejects.toMatchObject({
      code: 'IDENTITY_BAD_RESPONSE',
      message: expect.stringContaining('larger than 256 KiB'),
    });
  });

  it('reports terms of the wrong shape as a bad answer', async () => {
    const h = await started();
    h.is.setTerms({ p: { version: '1', en: { name: 'P', url: 'javascript:alert(1)' } } });
    await expect(h.manager.identityCheck({ server: h.is.baseUrl })).rejects.toMatchObject({
      code: 'IDENTITY_BAD_RESPONSE',
      message: expect.stringContaining('unsafe'),
    });
  });
});

describe('identityChange', () => {
  it('registers, accepts the terms there and in the account, then writes the event', async () => {
    const h = await started({
      accountData: { 'm.accepted_terms': { accepted: ['https://integrations.example/tos'] } },
    });
    const state = await changeTo(h.manager, h.is.baseUrl);
    expect(state).toEqual({
      url: h.is.baseUrl,
      source: 'account',
      disabledByAccount: false,
      termsAccepted: true,
      changedElsewhere: null,
    });
    expect(h.emitted.at(-1)).toEqual(state);
    expect(identityEvent(h)).toEqual({ base_url: h.is.baseUrl });
    expect(h.hs.getAccountData('alice', 'm.accepted_terms')).toEqual({
      accepted: [
        'https://integrations.example/tos',
        `${h.is.baseUrl}/_terms/privacy-1.0-en.html`,
        `${h.is.baseUrl}/_terms/tos-1.0-en.html`,
      ],
    });
    expect(h.is.accounts()).toEqual([
      expect.objectContaining({ userId: h.userId, tokenCount: 1, termsSatisfied: true }),
    ]);
    // The order the spec asks for: register, accept terms, and only then the account data.
    const isTimes = h.is.requests({ path: `${IS_PREFIX}/terms`, method: 'POST' });
    const write = h.hs.requests({ method: 'PUT', path: '/account_data/{type}' }).at(-1)!;
    expect(isTimes[0]!.time).toBeLessThanOrEqual(write.time);
  });

  it('keeps the IS token sealed and never logs it', async () => {
    const h = await started();
    await changeTo(h.manager, h.is.baseUrl);
    const stored = JSON.stringify([...h.platform.settingsMap]);
    expect(stored).toContain('test-only-sealed:');
    expect(stored).not.toMatch(/ist_/);
    expect(h.platform.log.lines.join('\n')).not.toMatch(/ist_|syo_/);
    expect(JSON.stringify(h.manager.state())).not.toMatch(/ist_/);
  });

  it('logs out of the previous server and forgets its token', async () => {
    const h = await started();
    await changeTo(h.manager, h.is.baseUrl);
    const second = await h.startOtherIdentityServer({ terms: false });
    const state = await changeTo(h.manager, second.baseUrl);
    expect(state).toMatchObject({ url: second.baseUrl, termsAccepted: true });
    expect(h.is.requestCount({ method: 'POST', path: `${IS_PREFIX}/account/logout` })).toBe(1);
    expect(h.is.accounts()[0]!.tokenCount).toBe(0);
    expect(identityEvent(h)).toEqual({ base_url: second.baseUrl });
    const tokens = h.platform.settings.get('identity.tokens') as Record<string, object>;
    expect(Object.keys(tokens[h.userId]!)).toEqual([second.baseUrl]);
  });

  it('requires every policy to be accepted, and leaves the account untouched otherwise', async () => {
    const h = await started({ accountData: { 'm.identity_server': { base_url: null } } });
    const candidate = await h.manager.identityCheck({ server: h.is.baseUrl });
    await expect(
      h.manager.identityChange({
        url: h.is.baseUrl,
        acceptedPolicyUrls: [candidate.policies[0]!.url],
        acceptNoTerms: true,
      }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_TERMS_NOT_ACCEPTED',
      message: expect.stringContaining('"Terms of Service"'),
    });
    expect(identityEvent(h)).toEqual({ base_url: null });
    expect(h.is.requestCount({ path: '/account/register' })).toBe(0);
    expect(h.hs.requestCount({ method: 'PUT' })).toBe(0);
  });

  it('requires explicit confirmation for a server without terms', async () => {
    const h = await started();
    const open = await h.startOtherIdentityServer({ terms: false });
    await expect(
      h.manager.identityChange({ url: open.baseUrl, acceptedPolicyUrls: [], acceptNoTerms: false }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_NOT_ACCEPTED' });
    expect(identityEvent(h)).toBeUndefined();
    const state = await h.manager.identityChange({
      url: open.baseUrl,
      acceptedPolicyUrls: [],
      acceptNoTerms: true,
    });
    expect(state).toMatchObject({ url: open.baseUrl, termsAccepted: true });
    // Nothing to record in m.accepted_terms for a server without terms.
    expect(h.hs.getAccountData('alice', 'm.accepted_terms')).toBeUndefined();
  });

  it.each([
    ['not an identity server', (h: Harness) => h.hs.baseUrl, 'IDENTITY_NOT_AN_IDENTITY_SERVER'],
    ['http to a remote host', () => 'http://is.example', 'IDENTITY_INVALID_URL'],
    ['unreachable', async () => `http://127.0.0.1:${await closedPort()}`, 'IDENTITY_UNREACHABLE'],
  ])('fails for a server that is %s, leaving the account data unchanged', async (_, url, code) => {
    const h = await started({
      accountData: { 'm.identity_server': { base_url: 'https://previous.example' } },
    });
    await expect(
      h.manager.identityChange({
        url: await url(h),
        acceptedPolicyUrls: [],
        acceptNoTerms: true,
      }),
    ).rejects.toMatchObject({ code });
    expect(identityEvent(h)).toEqual({ base_url: 'https://previous.example' });
    expect(h.manager.state()).toMatchObject({ url: 'https://previous.example' });
  });

  it('leaves no session behind when writing the account data fails', async () => {
    const h = await started();
    h.hs.failNext(1, { status: 500, path: '/account_data/m.identity_server' });
    const candidate = await h.manager.identityCheck({ server: h.is.baseUrl });
    await expect(
      h.manager.identityChange({
        url: h.is.baseUrl,
        acceptedPolicyUrls: allPolicyUrls(candidate.policies),
        acceptNoTerms: false,
      }),
    ).rejects.toMatchObject({
      code: 'HOMESERVER_HTTP_500',
      message: expect.stringContaining(h.hs.baseUrl),
    });
    expect(identityEvent(h)).toBeUndefined();
    expect(h.manager.state()).toMatchObject({ source: 'none', url: null, termsAccepted: false });
    expect(h.is.accounts()[0]!.tokenCount).toBe(0);
    expect(h.platform.settings.get('identity.tokens')).toBeUndefined();
  });

  it('refuses a registration answer without a token', async () => {
    const h = await started();
    h.is.malformedNext(1, '/account/register');
    const candidate = await h.manager.identityCheck({ server: h.is.baseUrl });
    await expect(
      h.manager.identityChange({
        url: h.is.baseUrl,
        acceptedPolicyUrls: allPolicyUrls(candidate.policies),
        acceptNoTerms: false,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY_BAD_RESPONSE' });
    expect(identityEvent(h)).toBeUndefined();
    // Only the record of which server was last active (kept on every answer) may exist.
    expect([...h.platform.settingsMap.keys()].filter((k) => k !== 'identity.lastActive')).toEqual(
      [],
    );
  });
});

describe('identityDisable', () => {
  it('lists what stays shared, writes null, and logs out of the old server', async () => {
    const h = await started();
    await changeTo(h.manager, h.is.baseUrl);
    await expect(h.manager.identityDisableCheck()).resolves.toEqual({
      url: h.is.baseUrl,
      sharedThreepids: [
        { medium: 'email', address: ALICE_EMAIL },
        { medium: 'msisdn', address: ALICE_MSISDN },
      ],
    });
    const state = await h.manager.identityDisable();
    expect(state).toEqual({
      url: null,
      source: 'account',
      disabledByAccount: true,
      termsAccepted: false,
      changedElsewhere: null,
    });
    expect(identityEvent(h)).toEqual({ base_url: null });
    expect(h.is.requestCount({ path: '/account/logout' })).toBe(1);
    expect(h.platform.settings.get('identity.tokens')).toBeUndefined();
  });

  it('answers null addresses when the homeserver cannot list them', async () => {
    const h = await started();
    h.hs.failNext(1, { status: 500, path: '/account/3pid' });
    await expect(h.manager.identityDisableCheck()).resolves.toEqual({
      url: null,
      sharedThreepids: null,
    });
  });
});

describe('identityDefaultCheck', () => {
  it('answers the default the account would use, with its terms', async () => {
    const h = await started({
      accountData: { 'm.identity_server': { base_url: null } },
      defaults: (is) => ({ discovery: is.baseUrl, app: 'https://app-is.example' }),
    });
    const candidate = await h.manager.identityDefaultCheck();
    expect(candidate).toMatchObject({ url: h.is.baseUrl, policies: expect.any(Array) });
    expect(candidate!.policies).toHaveLength(2);
    expect(identityEvent(h)).toEqual({ base_url: null });
  });

  it('answers null when there is no default', async () => {
    const h = await started();
    await expect(h.manager.identityDefaultCheck()).resolves.toBeNull();
    expect(h.is.requestCount()).toBe(0);
  });
});

describe('signOut', () => {
  it('logs out of the active server and deletes every stored IS token', async () => {
    const h = await started();
    await changeTo(h.manager, h.is.baseUrl);
    h.platform.settings.set('identity.tokens', {
      ...(h.platform.settings.get('identity.tokens') as object),
      '@someone-else:hs.example': { 'https://other.example': 'test-only-sealed:x' },
    });
    await h.manager.signOut();
    expect(h.is.requestCount({ method: 'POST', path: '/account/logout' })).toBe(1);
    expect(h.is.accounts()[0]!.tokenCount).toBe(0);
    expect(h.platform.settings.get('identity.tokens')).toBeUndefined();
  });

  it('still forgets the tokens when the IS cannot be reached', async () => {
    const h = await started();
    await changeTo(h.manager, h.is.baseUrl);
    h.is.dropNext(1, '/account/logout');
    await h.manager.signOut();
    expect(h.platform.settings.get('identity.tokens')).toBeUndefined();
    expect(h.platform.log.lines.join('\n')).toContain('Could not log out');
  });
});
