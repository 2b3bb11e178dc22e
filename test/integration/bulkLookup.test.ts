/**
 * The demo's "bob finds alice from a pasted list", through the core as main hosts it: bob signs
 * in at the portal, accepts the terms of the identity server his login advertises, and looks up
 * a pasted list; progress arrives as bulkLookupProgress events, nothing carries a token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

describe('bulk lookup through the core', () => {
  it('bob finds alice by her email address in a pasted list', async () => {
    world = await startWorld();
    app = await startCore();
    const { handlers } = app.core;
    await handlers.discover({ server: world.portal.baseUrl });
    await handlers.loginWithPassword({ identifier: 'bob', password: 'bob-password' });
    const identity = await app.waitFor('identity', (s) => s.source === 'login');
    expect(identity.url).toBe(world.identityServer!.baseUrl);
    const candidate = await handlers.identityCheck({ server: identity.url! });
    await handlers.identityAcceptTerms({
      acceptedPolicyUrls: candidate.policies.map((p) => p.url),
      acceptNoTerms: candidate.policies.length === 0,
    });

    const alice = world.user('alice');
    const carol = world.user('carol');
    const pasted = [alice.email!.toUpperCase(), carol.email!, 'not an address'];
    const result = await handlers.bulkLookup({
      lookupId: 'paste-1',
      entries: pasted.map((address) => ({ address, medium: null })),
      defaultCountry: null,
    });
    expect(result).toEqual({
      kind: 'done',
      server: identity.url,
      matches: [
        {
          input: alice.email!.toUpperCase(),
          medium: 'email',
          address: alice.email!.toLowerCase(),
          userId: alice.userId,
          // alice is on hs1, bob's homeserver is hs2: it has no profile for her.
          displayName: null,
        },
        {
          input: carol.email!,
          medium: 'email',
          address: carol.email!.toLowerCase(),
          userId: null,
          displayName: null,
        },
      ],
      invalid: [{ input: 'not an address', reason: 'not a phone number' }],
    });
    const progress = app.events.filter((e) => e.name === 'bulkLookupProgress');
    expect(progress.map((e) => e.payload)).toEqual([{ lookupId: 'paste-1', done: 2, total: 2 }]);
    // No token in anything the renderer was told.
    expect(JSON.stringify(app.events)).not.toMatch(/ist_|syt_|syr_|access_token/);
  });
});
