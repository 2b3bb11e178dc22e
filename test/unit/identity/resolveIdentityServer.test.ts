import { describe, expect, it } from 'vitest';
import type { IdentityDefaults } from '../../../electron/core/identity/IdentityContext.js';
import {
  resolveIdentityServer,
  type AccountDataStatus,
} from '../../../electron/core/identity/resolveIdentityServer.js';

const noDefaults: IdentityDefaults = { login: null, discovery: null, app: null };
const allDefaults: IdentityDefaults = {
  login: 'https://login-is.example',
  discovery: 'https://discovery-is.example',
  app: 'https://app-is.example',
};
const present = (content: unknown): AccountDataStatus => ({ kind: 'present', content });

describe('resolveIdentityServer', () => {
  it('is pending (no server) until the account data is known', () => {
    expect(resolveIdentityServer({ kind: 'pending' }, allDefaults)).toEqual({
      url: null,
      source: 'pending',
      disabledByAccount: false,
    });
  });

  it('uses a valid base_url from the account, normalised, over every default', () => {
    expect(
      resolveIdentityServer(present({ base_url: 'https://account-is.example/' }), allDefaults),
    ).toEqual({
      url: 'https://account-is.example',
      source: 'account',
      disabledByAccount: false,
    });
  });

  it('accepts an http base_url only for loopback hosts', () => {
    expect(
      resolveIdentityServer(present({ base_url: 'http://127.0.0.1:8090' }), noDefaults).url,
    ).toBe('http://127.0.0.1:8090');
    expect(resolveIdentityServer(present({ base_url: 'http://is.example' }), noDefaults)).toEqual({
      url: null,
      source: 'none',
      disabledByAccount: false,
    });
  });

  it('treats {"base_url": null} as "no identity server", ignoring every default', () => {
    expect(resolveIdentityServer(present({ base_url: null }), allDefaults)).toEqual({
      url: null,
      source: 'account',
      disabledByAccount: true,
    });
  });

  it.each([
    ['absent event', { kind: 'absent' } as AccountDataStatus],
    ['deleted event (empty content)', present({})],
    ['missing base_url', present({ other: 'x' })],
    ['number', present({ base_url: 42 })],
    ['empty string', present({ base_url: '' })],
    ['javascript: URL', present({ base_url: 'javascript:alert(1)' })],
    ['file: URL', present({ base_url: 'file:///etc/passwd' })],
    ['garbage', present({ base_url: '::::not a url' })],
    ['credentials in URL', present({ base_url: 'https://u:p@is.example' })],
    ['array content', present(['https://is.example'])],
    ['string content', present('https://is.example')],
    ['null content', present(null)],
    ['object base_url', present({ base_url: { url: 'https://is.example' } })],
    ['inherited base_url', present(Object.create({ base_url: 'https://is.example' }))],
  ])('counts an event with %s as absent and falls back to the login default', (_, status) => {
    expect(resolveIdentityServer(status, allDefaults)).toEqual({
      url: 'https://login-is.example',
      source: 'login',
      disabledByAccount: false,
    });
  });

  it('falls back login → discovery → app default → none', () => {
    const absent: AccountDataStatus = { kind: 'absent' };
    expect(resolveIdentityServer(absent, { ...allDefaults, login: null })).toMatchObject({
      url: 'https://discovery-is.example',
      source: 'discovery',
    });
    expect(
      resolveIdentityServer(absent, { ...noDefaults, app: 'https://app-is.example/' }),
    ).toMatchObject({
      url: 'https://app-is.example',
      source: 'default',
    });
    expect(resolveIdentityServer(absent, noDefaults)).toEqual({
      url: null,
      source: 'none',
      disabledByAccount: false,
    });
  });

  it('skips an unusable default and takes the next one', () => {
    const defaults = {
      login: 'javascript:alert(1)',
      discovery: 'http://is.example',
      app: 'https://app-is.example',
    };
    expect(resolveIdentityServer({ kind: 'absent' }, defaults)).toMatchObject({
      url: 'https://app-is.example',
      source: 'default',
    });
  });
});
