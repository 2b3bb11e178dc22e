import { describe, expect, it } from 'vitest';
import { SessionVault, type SessionRecord } from '../../../electron/core/session/SessionVault.js';
import {
  createMemoryPlatform,
  createTestOnlyReversingSecretBox,
} from '../identity/memoryPlatform.js';

const RECORD: SessionRecord = {
  userId: '@alice:example.org',
  deviceId: 'DEVICE',
  homeserverUrl: 'https://matrix.example.org',
  loginServerUrl: 'https://portal.example.org',
  redirectRejected: null,
  identityDefaults: { login: null, discovery: 'https://id.example.org' },
  loginFlows: { password: true, sso: [], oauth: null, preferOAuth: false },
  auth: { kind: 'legacy' },
};
const SECRETS = { accessToken: 'syt_access', refreshToken: 'syr_refresh', expiresAt: 1_000 };

describe('session vault', () => {
  it('keeps the record in plain settings and the tokens only sealed', () => {
    const platform = createMemoryPlatform();
    const vault = new SessionVault(platform);

    vault.saveRecord(RECORD);
    vault.saveSecrets(SECRETS);

    expect(vault.loadRecord()).toEqual(RECORD);
    expect(vault.loadSecrets()).toEqual({ kind: 'ok', secrets: SECRETS });
    const stored = JSON.stringify([...platform.settingsMap]);
    expect(stored).not.toContain('syt_access');
    expect(stored).not.toContain('syr_refresh');
  });

  it('reads a record saved before login flows were kept', () => {
    const platform = createMemoryPlatform();
    const { loginFlows: _absent, ...older } = RECORD;
    platform.settings.set('session.record', older);

    expect(new SessionVault(platform).loadRecord()).toEqual({ ...RECORD, loginFlows: null });
  });

  it('reads a record from before OAuth 2.0 as a legacy session with its old flows', () => {
    const platform = createMemoryPlatform();
    const { auth: _absent, ...older } = RECORD;
    platform.settings.set('session.record', {
      ...older,
      loginFlows: { password: true, sso: [], oauthOnly: false },
    });

    expect(new SessionVault(platform).loadRecord()).toEqual(RECORD);
  });

  it('keeps an OAuth 2.0 session record as it was saved', () => {
    const platform = createMemoryPlatform();
    const oauth: SessionRecord = {
      ...RECORD,
      auth: {
        kind: 'oauth',
        issuer: 'https://auth.example.org/',
        clientId: 'client-1',
        accountManagement: { uri: 'https://auth.example.org/account', actions: ['profile'] },
      },
    };
    new SessionVault(platform).saveRecord(oauth);
    expect(new SessionVault(platform).loadRecord()).toEqual(oauth);
  });

  it.each([
    ['an http-less homeserver', { ...RECORD, homeserverUrl: 'not a url' }],
    ['a user id without a server', { ...RECORD, userId: 'alice' }],
    ['an empty device', { ...RECORD, deviceId: '' }],
    ['not an object', 'corrupt'],
  ])('treats a stored record with %s as no session', (_what, stored) => {
    const platform = createMemoryPlatform();
    platform.settings.set('session.record', stored);

    expect(new SessionVault(platform).loadRecord()).toBeNull();
  });

  it('says "none" when no tokens are stored (what a soft logout leaves)', () => {
    const platform = createMemoryPlatform();
    const vault = new SessionVault(platform);
    vault.saveRecord(RECORD);
    vault.saveSecrets(SECRETS);

    vault.clearSecrets();

    expect(vault.loadSecrets()).toEqual({ kind: 'none' });
    expect(vault.loadRecord()).toEqual(RECORD);
  });

  it('says why stored tokens cannot be used', () => {
    const platform = createMemoryPlatform();
    const vault = new SessionVault(platform);
    vault.saveSecrets(SECRETS);
    const sealed = platform.settings.get('session.sealed') as string;

    // Sealed under a key the keyring no longer has.
    platform.settings.set('session.sealed', 'sealed-by-another-keyring');
    expect(vault.loadSecrets()).toEqual({ kind: 'unusable', why: 'undecryptable' });

    // Opens, but is not tokens.
    platform.settings.set('session.sealed', platform.secrets.encrypt('{"accessToken": ""}'));
    expect(vault.loadSecrets()).toEqual({ kind: 'unusable', why: 'damaged' });
    platform.settings.set('session.sealed', platform.secrets.encrypt('not json'));
    expect(vault.loadSecrets()).toEqual({ kind: 'unusable', why: 'damaged' });
    platform.settings.set('session.sealed', 42);
    expect(vault.loadSecrets()).toEqual({ kind: 'unusable', why: 'damaged' });

    // The OS offers no keyring at all now.
    const noKeyring = createMemoryPlatform({ secrets: createTestOnlyReversingSecretBox(false) });
    noKeyring.settings.set('session.sealed', sealed);
    expect(new SessionVault(noKeyring).loadSecrets()).toEqual({
      kind: 'unusable',
      why: 'noKeyring',
    });
  });

  it('stores no tokens at all without a keyring, and says so in the log', () => {
    const platform = createMemoryPlatform({ secrets: createTestOnlyReversingSecretBox(false) });
    const vault = new SessionVault(platform);

    vault.saveSecrets(SECRETS);

    expect(vault.canPersist).toBe(false);
    expect(platform.settingsMap.has('session.sealed')).toBe(false);
    expect(platform.log.lines.join('\n')).toMatch(/No secure storage/);
  });

  it('refuses to store tokens that are not tokens', () => {
    const vault = new SessionVault(createMemoryPlatform());

    expect(() => vault.saveSecrets({ ...SECRETS, accessToken: '' })).toThrow();
    expect(() => vault.saveRecord({ ...RECORD, homeserverUrl: 'nope' })).toThrow();
  });

  it('clear() forgets the record and the tokens', () => {
    const platform = createMemoryPlatform();
    const vault = new SessionVault(platform);
    vault.saveRecord(RECORD);
    vault.saveSecrets(SECRETS);

    vault.clear();

    expect(vault.loadRecord()).toBeNull();
    expect(vault.loadSecrets()).toEqual({ kind: 'none' });
    expect(platform.settingsMap.size).toBe(0);
  });
});
