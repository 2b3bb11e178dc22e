/**
 * bulkLookup against the fixture identity server: batching (10,000 addresses in at most 10
 * requests), a pepper rotation in the middle, a server batch-size limit, a `none`-only server
 * (asks first, remembers), the gate (disabled IS, terms not accepted: zero IS requests) and
 * cancel. Request counts come from the fixture's request log, read after the command settled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../../electron/ipc/contract.js';
import { changeTo, IS_PREFIX, startHarness, type Harness } from './identityHarness.js';
import type { IdentityServerOptions } from '../../fixtures/index.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const LOOKUP = `${IS_PREFIX}/lookup`;
const HASH_DETAILS = `${IS_PREFIX}/hash_details`;

/** `count` distinct email addresses, every 1,000th one (and the last) bound to a user. */
function addressBook(count: number): {
  entries: CommandRequest<'bulkLookup'>['entries'];
  bindings: NonNullable<IdentityServerOptions['bindings']>;
} {
  const entries: CommandRequest<'bulkLookup'>['entries'] = [];
  const bindings: NonNullable<IdentityServerOptions['bindings']> = [];
  for (let i = 0; i < count; i++) {
    const address = `person${i}@example.org`;
    entries.push({ address, medium: null });
    if (i % 1000 === 0 || i === count - 1) {
      bindings.push({ medium: 'email', address, mxid: `@person${i}:hs.example` });
    }
  }
  return { entries, bindings };
}

async function usingIdentityServer(options: IdentityServerOptions = {}): Promise<Harness> {
  harness = await startHarness({ identityServer: options });
  await harness.manager.start();
  await harness.manager.whenKnown();
  await changeTo(harness.manager, harness.is.baseUrl);
  harness.is.resetRequests();
  return harness;
}

function foundUsers(result: Awaited<ReturnType<Harness['manager']['bulkLookup']>>) {
  if (result.kind !== 'done') throw new Error(`lookup ended as ${result.kind}`);
  return Object.fromEntries(
    result.matches.filter((m) => m.userId !== null).map((m) => [m.address, m.userId]),
  );
}

const expectedUsers = (bindings: { address: string; mxid: string }[]) =>
  Object.fromEntries(bindings.map((b) => [b.address, b.mxid]));

describe('bulkLookup', () => {
  it('looks up 10,000 addresses in at most 10 requests, with progress', async () => {
    const { entries, bindings } = addressBook(10_000);
    const h = await usingIdentityServer({ bindings });
    const result = await h.manager.bulkLookup({ lookupId: 'big', entries, defaultCountry: null });
    expect(foundUsers(result)).toEqual(expectedUsers(bindings));
    expect(result.kind === 'done' && result.matches).toHaveLength(10_000);
    expect(h.is.requestCount()).toBeLessThanOrEqual(10);
    expect(h.is.requestCount({ path: HASH_DETAILS })).toBe(1);
    expect(h.is.requests({ path: LOOKUP }).every((r) => r.status === 200)).toBe(true);
    expect(h.progress.at(-1)).toEqual({ lookupId: 'big', done: 10_000, total: 10_000 });
    expect(h.progress.map((p) => p.done)).toEqual(
      [...h.progress.map((p) => p.done)].sort((a, b) => a - b),
    );
  });

  it('normalises and deduplicates before sending: case, national phone numbers', async () => {
    const h = await usingIdentityServer({
      bindings: [
        { medium: 'email', address: 'bob@example.org', mxid: '@bob:hs.example' },
        { medium: 'msisdn', address: '447700900123', mxid: '@carol:hs.example' },
      ],
    });
    const result = await h.manager.bulkLookup({
      lookupId: 'mixed',
      defaultCountry: 'GB',
      entries: [
        { address: ' Bob@Example.ORG ', medium: null },
        { address: 'bob@example.org', medium: null },
        { address: '07700 900123', medium: null },
        { address: '+44 7700 900123', medium: null },
        { address: 'nobody@example.org', medium: null },
        { address: 'not an address', medium: null },
      ],
    });
    expect(result).toEqual({
      kind: 'done',
      server: h.is.baseUrl,
      matches: [
        {
          input: 'Bob@Example.ORG',
          medium: 'email',
          address: 'bob@example.org',
          userId: '@bob:hs.example',
          displayName: null,
        },
        {
          input: '07700 900123',
          medium: 'msisdn',
          address: '447700900123',
          userId: '@carol:hs.example',
          displayName: null,
        },
        {
          input: 'nobody@example.org',
          medium: 'email',
          address: 'nobody@example.org',
          userId: null,
          displayName: null,
        },
      ],
      invalid: [{ input: 'not an address', reason: 'not a phone number' }],
    });
  });

  it('adds display names from the homeserver profile where it has one', async () => {
    const h = await usingIdentityServer();
    const dora = h.hs.addUser({ localpart: 'dora', password: 'dora-pw', displayName: 'Dora' });
    h.is.addBinding('email', 'dora@example.org', dora);
    h.is.addBinding('email', 'eve@example.org', '@eve:elsewhere.example');
    const result = await h.manager.bulkLookup({
      lookupId: 'names',
      entries: [
        { address: 'dora@example.org', medium: null },
        { address: 'eve@example.org', medium: null },
      ],
      defaultCountry: null,
    });
    expect(result.kind === 'done' && result.matches.map((m) => [m.userId, m.displayName])).toEqual([
      [dora, 'Dora'],
      ['@eve:elsewhere.example', null],
    ]);
  });

  it('re-reads the pepper once when it rotates in the middle, and finds everyone', async () => {
    const { entries, bindings } = addressBook(10_000);
    const h = await usingIdentityServer({ bindings });
    h.is.rotatePepperAfterLookups(2);
    const result = await h.manager.bulkLookup({
      lookupId: 'rotated',
      entries,
      defaultCountry: null,
    });
    expect(foundUsers(result)).toEqual(expectedUsers(bindings));
    const lookups = h.is.requests({ path: LOOKUP }).map((r) => r.status);
    expect(lookups).toEqual([200, 200, 400, 200, 200, 200]);
    expect(h.is.requestCount({ path: HASH_DETAILS })).toBe(2);
  });

  it('gives up after one retry when the pepper rotates again for the same batch', async () => {
    const { entries, bindings } = addressBook(10);
    harness = await startHarness({
      identityServer: { bindings },
      // A hostile or broken server: a new pepper before every lookup.
      wrapFetch: (fetch) => async (input, init) => {
        if (String(input).endsWith('/lookup')) harness!.is.rotatePepper();
        return fetch(input, init);
      },
    });
    const h = harness;
    await h.manager.start();
    await h.manager.whenKnown();
    await changeTo(h.manager, h.is.baseUrl);
    h.is.resetRequests();
    await expect(
      h.manager.bulkLookup({ lookupId: 'loop', entries, defaultCountry: null }),
    ).rejects.toMatchObject({
      code: 'IDENTITY_HTTP_400',
    });
    expect(h.is.requestCount({ path: LOOKUP })).toBe(2);
    expect(h.is.requestCount({ path: HASH_DETAILS })).toBe(2);
  });

  it('halves the batch on 413 M_TOO_LARGE and keeps the smaller size', async () => {
    const { entries, bindings } = addressBook(1_000);
    const h = await usingIdentityServer({ bindings, maxLookupBatch: 300 });
    const result = await h.manager.bulkLookup({
      lookupId: 'limited',
      entries,
      defaultCountry: null,
    });
    expect(foundUsers(result)).toEqual(expectedUsers(bindings));
    // 1,000 → 413, 500 → 413, then 250 four times.
    expect(h.is.requests({ path: LOOKUP }).map((r) => r.status)).toEqual([
      413, 413, 200, 200, 200, 200,
    ]);
  });

  it('halves the batch when the answer is over the size cap', async () => {
    const { entries, bindings } = addressBook(1_000);
    const h = await usingIdentityServer({ bindings });
    h.is.oversizedNext(1, { bytes: 300 * 1024, path: LOOKUP });
    const result = await h.manager.bulkLookup({
      lookupId: 'big-answer',
      entries,
      defaultCountry: null,
    });
    expect(foundUsers(result)).toEqual(expectedUsers(bindings));
    expect(h.is.requestCount({ path: LOOKUP })).toBe(3); // 1,000 (too large), then 500 twice
  });

  it('asks before sending addresses in the clear to a none-only server, and remembers', async () => {
    const h = await usingIdentityServer({
      lookupAlgorithms: ['none'],
      bindings: [{ medium: 'email', address: 'bob@example.org', mxid: '@bob:hs.example' }],
    });
    const entries = [
      { address: 'Bob@example.org', medium: null },
      { address: 'nobody@example.org', medium: null },
    ];
    const asked = await h.manager.bulkLookup({ lookupId: 'plain', entries, defaultCountry: null });
    expect(asked).toEqual({
      kind: 'needsPlainConsent',
      server: h.is.baseUrl,
      addresses: ['bob@example.org (email)', 'nobody@example.org (email)'],
    });
    expect(h.is.requestCount({ path: LOOKUP })).toBe(0);

    await expect(
      h.manager.bulkLookupConsentNone({ server: h.is.baseUrl, allow: true }),
    ).resolves.toEqual({ server: h.is.baseUrl, allowed: true });
    const answered = await h.manager.bulkLookup({
      lookupId: 'plain',
      entries,
      defaultCountry: null,
    });
    expect(foundUsers(answered)).toEqual({ 'bob@example.org': '@bob:hs.example' });

    // A new manager for the same login (an app restart) does not ask again.
    h.manager.stop();
    const restarted = h.restart();
    await restarted.start();
    await restarted.whenKnown();
    h.is.resetRequests();
    const again = await restarted.bulkLookup({ lookupId: 'plain', entries, defaultCountry: null });
    expect(foundUsers(again)).toEqual({ 'bob@example.org': '@bob:hs.example' });
    expect(h.is.requestCount({ path: LOOKUP })).toBe(1);
    restarted.stop();
  });

  it('sends nothing to the identity server while it is disabled', async () => {
    const h = await usingIdentityServer({ bindings: addressBook(10).bindings });
    await h.manager.identityDisable();
    h.is.resetRequests();
    await expect(
      h.manager.bulkLookup({
        lookupId: 'off',
        entries: addressBook(10).entries,
        defaultCountry: null,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY_NONE' });
    // Barrier: a request of our own reaches the log after anything the lookup could have sent.
    await fetch(`${h.is.baseUrl}${IS_PREFIX}`);
    expect(h.is.requests().map((r) => r.path)).toEqual([IS_PREFIX]);
  });

  it('sends nothing while the active server’s terms are not accepted here', async () => {
    harness = await startHarness({ defaults: (is) => ({ app: is.baseUrl }) });
    const h = harness;
    await h.manager.start();
    await h.manager.whenKnown();
    await expect(
      h.manager.bulkLookup({
        lookupId: 'terms',
        entries: addressBook(10).entries,
        defaultCountry: null,
      }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_NOT_ACCEPTED' });
    await fetch(`${h.is.baseUrl}${IS_PREFIX}`);
    expect(h.is.requests().map((r) => r.path)).toEqual([IS_PREFIX]);
  });

  it('new terms on the server withdraw the acceptance here, and stop the lookup', async () => {
    const { entries, bindings } = addressBook(10);
    const h = await usingIdentityServer({ bindings });
    h.is.setTerms({
      privacy_policy: {
        version: '2.0',
        en: { name: 'Privacy Policy', url: `${h.is.baseUrl}/_terms/privacy-2.0.html` },
      },
    });
    await expect(
      h.manager.bulkLookup({ lookupId: 'terms2', entries, defaultCountry: null }),
    ).rejects.toMatchObject({ code: 'IDENTITY_TERMS_CHANGED' });
    expect(h.manager.state().termsAccepted).toBe(false);
    expect(h.is.requestCount({ path: LOOKUP })).toBe(0);
  });

  it('stops sending when cancelled', async () => {
    const { entries, bindings } = addressBook(10_000);
    const h = await usingIdentityServer({ bindings });
    h.onProgress((p) => {
      if (p.lookupId === 'stop' && p.done === 2_000) {
        void h.manager.bulkLookupCancel({ lookupId: 'stop' });
      }
    });
    await expect(
      h.manager.bulkLookup({ lookupId: 'stop', entries, defaultCountry: null }),
    ).resolves.toEqual({
      kind: 'cancelled',
    });
    await fetch(`${h.is.baseUrl}${IS_PREFIX}`);
    expect(h.is.requestCount({ path: LOOKUP })).toBe(1);
    await expect(h.manager.bulkLookupCancel({ lookupId: 'stop' })).resolves.toEqual({
      cancelled: false,
    });
  });
});
