/**
 * The demo of issue 11 through the core as main hosts it: alice shares her email address (the
 * identity server mails her a link; she opens it), then bob finds her from a pasted list.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD_USERS } from '../fixtures/world.js';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
const apps: CoreUnderTest[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await world?.close();
  world = undefined;
});

async function signedIn(w: World, username: string): Promise<CoreUnderTest> {
  const app = await startCore();
  apps.push(app);
  const { handlers } = app.core;
  await handlers.discover({ server: w.portal.baseUrl });
  await handlers.loginWithPassword({ identifier: username, password: `${username}-password` });
  const identity = await app.waitFor('identity', (s) => s.source === 'login');
  const candidate = await handlers.identityCheck({ server: identity.url! });
  await handlers.identityAcceptTerms({
    acceptedPolicyUrls: candidate.policies.map((p) => p.url),
    acceptNoTerms: candidate.policies.length === 0,
  });
  return app;
}

describe('the demo', () => {
  it('alice shares her email address and bob finds her from a pasted list', async () => {
    world = await startWorld({
      users: DEFAULT_WORLD_USERS.map((u) =>
        u.username === 'alice' ? { ...u, discoverable: false } : u,
      ),
    });
    const alice = world.user('alice');
    const is = world.identityServer!;

    const aliceApp = await signedIn(world, 'alice');
    const before = await aliceApp.core.handlers.threepidList({});
    expect(before.threepids.find((t) => t.medium === 'email')).toMatchObject({
      address: alice.email,
      discoverable: false,
    });
    const sharing = await aliceApp.core.handlers.threepidShareStart({
      medium: 'email',
      address: alice.email!,
    });
    const link = is.sentEmails(alice.email!).at(-1)!.link;
    expect((await fetch(link)).status).toBe(200);
    const shared = await aliceApp.core.handlers.threepidShareSubmit({
      handle: sharing.handle,
      code: null,
    });
    expect(shared.threepids.find((t) => t.medium === 'email')?.discoverable).toBe(true);

    const bobApp = await signedIn(world, 'bob');
    const found = await bobApp.core.handlers.bulkLookup({
      lookupId: 'demo',
      entries: [`  ${alice.email!.toUpperCase()}`, 'carol@example.org'].map((address) => ({
        address,
        medium: null,
      })),
      defaultCountry: null,
    });
    expect(found).toMatchObject({
      kind: 'done',
      matches: [
        { address: alice.email, userId: alice.userId },
        { address: 'carol@example.org', userId: null },
      ],
    });
    // Nothing either window was told carries a token or a validation secret.
    const told = JSON.stringify([aliceApp.events, bobApp.events]);
    expect(told).not.toMatch(/ist_|syt_|access_token|client_secret/);
    expect(told).not.toContain(is.sentEmails(alice.email!).at(-1)!.clientSecret);
  });
});
