import { describe, expect, it } from 'vitest';
import { IdentityLocalStore } from '../../../electron/core/identity/IdentityLocalStore.js';
import { createMemoryPlatform, createTestOnlyReversingSecretBox } from './memoryPlatform.js';

const IS = 'https://is.example';

describe('IdentityLocalStore', () => {
  it('stores tokens sealed, per user and per server', () => {
    const platform = createMemoryPlatform();
    const alice = new IdentityLocalStore(platform, '@alice:hs.example');
    const bob = new IdentityLocalStore(platform, '@bob:hs.example');
    alice.setToken(IS, 'secret-token-a');
    expect(alice.getToken(IS)).toBe('secret-token-a');
    expect(bob.getToken(IS)).toBeNull();
    expect(JSON.stringify([...platform.settingsMap])).not.toContain('secret-token-a');
    expect([...platform.settingsMap.keys()].every((key) => key.startsWith('identity.'))).toBe(true);
  });

  it('remembers consent to plain-text lookups per user and server, until sign-out', () => {
    const platform = createMemoryPlatform();
    const alice = new IdentityLocalStore(platform, '@alice:hs.example');
    const bob = new IdentityLocalStore(platform, '@bob:hs.example');
    alice.setPlainLookupConsent(IS, true);
    expect(new IdentityLocalStore(platform, '@alice:hs.example').allowsPlainLookup(IS)).toBe(true);
    expect(alice.allowsPlainLookup('https://other.example')).toBe(false);
    expect(bob.allowsPlainLookup(IS)).toBe(false);
    alice.setPlainLookupConsent(IS, false);
    expect(alice.allowsPlainLookup(IS)).toBe(false);
    alice.setPlainLookupConsent(IS, true);
    alice.forgetUser();
    expect(alice.allowsPlainLookup(IS)).toBe(false);
  });

  it('keeps tokens in memory only when the OS cannot encrypt', () => {
    const platform = createMemoryPlatform({ secrets: createTestOnlyReversingSecretBox(false) });
    const store = new IdentityLocalStore(platform, '@alice:hs.example');
    store.setToken(IS, 'secret-token');
    expect(store.getToken(IS)).toBe('secret-token');
    expect(platform.settingsMap.size).toBe(0);
    expect(new IdentityLocalStore(platform, '@alice:hs.example').getToken(IS)).toBeNull();
  });

  it('forgets a token that can no longer be decrypted', () => {
    const platform = createMemoryPlatform();
    platform.settings.set('identity.tokens', { '@alice:hs.example': { [IS]: 'garbage' } });
    const store = new IdentityLocalStore(platform, '@alice:hs.example');
    expect(store.getToken(IS)).toBeNull();
    expect(platform.settingsMap.has('identity.tokens')).toBe(false);
  });

  it('deletes one token, or every token of every user', () => {
    const platform = createMemoryPlatform();
    const alice = new IdentityLocalStore(platform, '@alice:hs.example');
    const bob = new IdentityLocalStore(platform, '@bob:hs.example');
    alice.setToken(IS, 'a1');
    alice.setToken('https://other.example', 'a2');
    bob.setToken(IS, 'b1');
    alice.deleteToken(IS);
    expect(alice.getToken(IS)).toBeNull();
    expect(alice.getToken('https://other.example')).toBe('a2');
    alice.deleteAllTokens();
    expect(bob.getToken(IS)).toBeNull();
    expect(platform.settingsMap.has('identity.tokens')).toBe(false);
  });

  it('records, reads and forgets terms acceptance per server', () => {
    const platform = createMemoryPlatform();
    const store = new IdentityLocalStore(platform, '@alice:hs.example');
    expect(store.hasAcceptedTerms(IS)).toBe(false);
    store.recordAcceptedTerms(IS, ['https://is.example/tos']);
    expect(store.hasAcceptedTerms(IS)).toBe(true);
    expect(store.hasAcceptedTerms('https://other.example')).toBe(false);
    expect(new IdentityLocalStore(platform, '@bob:hs.example').hasAcceptedTerms(IS)).toBe(false);
    store.forgetAcceptedTerms(IS);
    expect(store.hasAcceptedTerms(IS)).toBe(false);
  });

  it('writes the settings only when something changes', () => {
    const platform = createMemoryPlatform();
    const writes: string[] = [];
    const { set, delete: remove } = platform.settings;
    platform.settings.set = (key, value) => (writes.push(key), set(key, value));
    platform.settings.delete = (key) => (writes.push(key), remove(key));
    const store = new IdentityLocalStore(platform, '@alice:hs.example');
    store.forgetAcceptedTerms(IS);
    store.rememberActiveServer(IS);
    store.rememberActiveServer(IS);
    store.forgetActiveServer();
    store.forgetActiveServer();
    expect(writes).toEqual(['identity.lastActive', 'identity.lastActive']);
    expect(store.lastActiveServer()).toBeUndefined();
  });

  it('treats corrupt settings as nothing stored', () => {
    const platform = createMemoryPlatform();
    platform.settings.set('identity.tokens', 'corrupt');
    platform.settings.set('identity.acceptedTerms', { '@alice:hs.example': [1, 2] });
    const store = new IdentityLocalStore(platform, '@alice:hs.example');
    expect(store.getToken(IS)).toBeNull();
    expect(store.hasAcceptedTerms(IS)).toBe(false);
    store.setToken(IS, 'fresh');
    expect(store.getToken(IS)).toBe('fresh');
  });
});
