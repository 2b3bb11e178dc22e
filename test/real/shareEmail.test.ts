/**
 * The email share / stop-sharing round trip against the real Synapse 1.67 and Sydent 2.6.1:
 * the core (as main hosts it) adds an address to a fresh account (Synapse mails a link;
 * user-interactive auth with the password), shares it with Sydent (Sydent mails a link; Synapse
 * binds it over https), sees it discoverable, stops sharing (Synapse's signed unbind at Sydent)
 * and sees it gone. Links are read from the mail sink as the user would read their inbox.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startCore, type CoreUnderTest } from '../integration/support.js';
import {
  followMailLink,
  mailLogOffset,
  realServersMissing,
  registerUser,
  SYDENT_TLS,
  sydentTlsCa,
  SYNAPSE,
  waitForMailLink,
} from './realServers.js';

const missing = realServersMissing();
let app: CoreUnderTest | undefined;
afterAll(async () => {
  await app?.close();
});

describe.skipIf(missing !== null)(
  `sharing an email address with the real Sydent${missing ? ` (${missing})` : ''}`,
  () => {
    it('adds, shares, finds and stops sharing an email address', async () => {
      const username = `share${Date.now().toString(36)}`;
      const password = `pw-${username}`;
      const email = `${username}@example.org`;
      const userId = await registerUser(username, password);
      app = await startCore({ extraCaPem: sydentTlsCa(), defaultIdentityServer: SYDENT_TLS });
      const { handlers } = app.core;
      await handlers.discover({ server: SYNAPSE });
      await handlers.loginWithPassword({ identifier: username, password });
      const identity = await app.waitFor('identity', (s) => s.source !== 'pending', 30_000);
      expect(identity.url).toBe(SYDENT_TLS);
      const candidate = await handlers.identityCheck({ server: SYDENT_TLS });
      expect(candidate.policies.length).toBeGreaterThan(0);
      await handlers.identityAcceptTerms({
        acceptedPolicyUrls: candidate.policies.map((p) => p.url),
        acceptNoTerms: false,
      });

      // Add the address to the account: Synapse validates it itself.
      let offset = mailLogOffset();
      const adding = await handlers.threepidAddStart({
        medium: 'email',
        address: email,
        defaultCountry: null,
      });
      await followMailLink(await waitForMailLink(email, offset, 'add_threepid'));
      expect(await handlers.threepidAddFinish({ handle: adding.handle, password: null })).toEqual({
        kind: 'needsPassword',
      });
      const added = await handlers.threepidAddFinish({ handle: adding.handle, password });
      expect(added.kind).toBe('added');
      if (added.kind !== 'added') return;
      expect(added.listing.threepids).toEqual([
        { medium: 'email', address: email, discoverable: false },
      ]);

      // Share it: Sydent mails the link, Synapse binds over https://127.0.0.1:8443.
      offset = mailLogOffset();
      const sharing = await handlers.threepidShareStart({ medium: 'email', address: email });
      expect(sharing).toMatchObject({ proof: 'link', server: SYDENT_TLS });
      await followMailLink(await waitForMailLink(email, offset, 'submitToken'));
      const shared = await handlers.threepidShareSubmit({ handle: sharing.handle, code: null });
      expect(shared.threepids).toEqual([{ medium: 'email', address: email, discoverable: true }]);
      expect(await handlers.lookupContact({ medium: 'email', address: email })).toEqual({
        userId,
      });

      // Stop sharing: Synapse asks Sydent (signed) to forget it.
      const stopped = await handlers.threepidStopSharing({ medium: 'email', address: email });
      expect(stopped.result).toBe('success');
      expect(stopped.listing.threepids).toEqual([
        { medium: 'email', address: email, discoverable: false },
      ]);
      expect(await handlers.lookupContact({ medium: 'email', address: email })).toEqual({
        userId: null,
      });
      // Nothing the renderer was told carries a token or a client secret.
      expect(JSON.stringify(app.events)).not.toMatch(/syt_|access_token|client_secret/);
    });
  },
);
