/**
 * lookupContact and the IS session behind it: hashed lookups, pepper rotation, a forgotten token
 * (401: register again, once), and terms that change on the server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { changeTo, eventually, IS_PREFIX, startHarness, type Harness } from './identityHarness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const BOB_EMAIL = 'bob@example.org';
const BOB = '@bob:hs.example';

async function usingIdentityServer(
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch,
): Promise<Harness> {
  harness = await startHarness({
    wrapFetch,
    identityServer: {
      bindings: [
        { medium: 'email', address: BOB_EMAIL, mxid: BOB },
        { medium: 'msisdn', address: '447700900123', mxid: '@carol:hs.example' },
      ],
    },
  });
  await harness.manager.start();
  await harness.manager.whenKnown();
  await changeTo(harness.manager, harness.is.baseUrl);
  harness.is.resetRequests();
  return harness;
}

describe('lookupContact', () => {
  it('finds a published address with a sha256 lookup', async () => {
    const h = await usingIdentityServer();
    await expect(
      h.manager.lookupContact({ medium: 'email', address: ' Bob@Example.org ' }),
    ).resolves.toEqual({ userId: BOB });
    expect(h.is.requestCounts()).toEqual({
      [`GET ${IS_PREFIX}/hash_details`]: 1,
      [`POST ${IS_PREFIX}/lookup`]: 1,
    });
  });

  it('never sends the address itself when the server offers sha256', async () => {
    const sent: string[] = [];
    const h = await usingIdentityServer((fetch) => async (input, init) => {
      if (String(input).endsWith('/lookup')) sent.push(String(init?.body));
      return fetch(input, init);
    });
    await h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL });
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!)).toMatchObject({ algorithm: 'sha256' });
    expect(sent[0]).not.toContain('bob');
  });

  it('uses the plain "none" algorithm only when sha256 is not offered', async () => {
    const sent: string[] = [];
    const h = await usingIdentityServer((fetch) => async (input, init) => {
      if (String(input).endsWith('/lookup')) sent.push(String(init?.body));
      const response = await fetch(input, init);
      if (!String(input).endsWith('/hash_details') || response.status !== 200) return response;
      const details = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...details, algorithms: ['none'] });
    });
    await expect(h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL })).resolves.toEqual(
      { userId: BOB },
    );
    expect(JSON.parse(sent[0]!)).toMatchObject({ algorithm: 'none' });
  });

  it('answers null for an address nobody published, and normalises phone numbers', async () => {
    const h = await usingIdentityServer();
    await expect(
      h.manager.lookupContact({ medium: 'email', address: 'nobody@example.org' }),
    ).resolves.toEqual({ userId: null });
    await expect(
      h.manager.lookupContact({ medium: 'msisdn', address: '+44 7700 900123' }),
    ).resolves.toEqual({ userId: '@carol:hs.example' });
  });

  it('refuses an address that is not one, without asking the server', async () => {
    const h = await usingIdentityServer();
    await expect(
      h.manager.lookupContact({ medium: 'msisdn', address: 'call me' }),
    ).rejects.toMatchObject({ code: 'IDENTITY_BAD_ADDRESS' });
    expect(h.is.requestCount()).toBe(0);
  });

  it('retries once with fresh hash details when the pepper rotates mid-lookup', async () => {
    const h = await usingIdentityServer();
    h.is.injectFault({ kind: 'latency', ms: 300, path: `${IS_PREFIX}/lookup`, count: 1 });
    const lookup = h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL });
    // Rotate once the /lookup hashed with the old pepper has arrived (it is held by the latency).
    await eventually(() => expect(h.is.requestCount({ path: '/lookup' })).toBe(1));
    h.is.rotatePepper();
    await expect(lookup).resolves.toEqual({ userId: BOB });
    expect(h.is.requestCounts()).toEqual({
      [`GET ${IS_PREFIX}/hash_details`]: 2,
      [`POST ${IS_PREFIX}/lookup`]: 2,
    });
    expect(h.is.requests({ path: '/lookup' }).map((r) => r.status)).toEqual([400, 200]);
  });

  it('registers again, once, when the IS forgot the token (401)', async () => {
    const h = await usingIdentityServer();
    h.is.invalidateAllTokens();
    await expect(h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL })).resolves.toEqual(
      { userId: BOB },
    );
    expect(h.is.requestCount({ path: '/account/register' })).toBe(1);
    expect(h.is.requests({ path: '/hash_details' }).map((r) => r.status)).toEqual([401, 200]);
    // The new token is stored: the next lookup needs no registration.
    await h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL });
    expect(h.is.requestCount({ path: '/account/register' })).toBe(1);
  });

  it('gives up after a second 401 instead of registering in a loop', async () => {
    const h = await usingIdentityServer();
    h.is.injectFault({ kind: 'fail', status: 401, path: '/hash_details', count: 5 });
    await expect(
      h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_HTTP_401',
      message: expect.stringContaining(h.is.baseUrl),
    });
    expect(h.is.requestCount({ path: '/account/register' })).toBe(1);
    expect(h.is.requestCount({ path: '/hash_details' })).toBe(2);
  });

  it('asks for consent again when the server publishes new terms', async () => {
    const h = await usingIdentityServer();
    h.is.setTerms({
      privacy_policy: {
        version: '2.0',
        en: { name: 'Privacy Policy', url: `${h.is.baseUrl}/_terms/privacy-2.0-en.html` },
      },
    });
    const emittedBefore = h.emitted.length;
    await expect(
      h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_CHANGED' });
    expect(h.emitted.slice(emittedBefore)).toEqual([
      expect.objectContaining({ url: h.is.baseUrl, termsAccepted: false }),
    ]);
    await h.manager.identityAcceptTerms({
      acceptedPolicyUrls: [`${h.is.baseUrl}/_terms/privacy-2.0-en.html`],
      acceptNoTerms: false,
    });
    await expect(h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL })).resolves.toEqual(
      { userId: BOB },
    );
  });

  it('reports a malformed lookup answer clearly', async () => {
    const h = await usingIdentityServer();
    h.is.malformedNext(1, '/lookup');
    await expect(
      h.manager.lookupContact({ medium: 'email', address: BOB_EMAIL }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_BAD_RESPONSE',
      message: expect.stringContaining(h.is.baseUrl),
    });
  });

  it('keeps working after a restart, with the sealed token from settings', async () => {
    const h = await usingIdentityServer();
    h.manager.stop();
    const again = h.restart();
    await again.start();
    await again.whenKnown();
    expect(again.state()).toMatchObject({ url: h.is.baseUrl, termsAccepted: true });
    await expect(again.lookupContact({ medium: 'email', address: BOB_EMAIL })).resolves.toEqual({
      userId: BOB,
    });
    expect(h.is.requestCount({ path: '/account/register' })).toBe(0);
  });
});
